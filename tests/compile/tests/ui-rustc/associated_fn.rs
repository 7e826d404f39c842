// The attribute cannot register an associated function (the registration is a `static`, which an
// `impl` cannot hold and whose initializer cannot name `Self`): the error is at the function's name.
struct Db;

impl Db {
    #[atexit::register]
    fn close_all() {}
}

trait Close {
    fn close();
}

impl Close for Db {
    #[atexit::register]
    fn close() {}
}

fn main() {}
