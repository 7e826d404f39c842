struct Log;

impl Log {
    #[atexit::register]
    fn flush(&self) {}
}

fn main() {}
