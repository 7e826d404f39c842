#[atexit::register(crate = not_atexit)]
fn flush() {}

fn main() {}
