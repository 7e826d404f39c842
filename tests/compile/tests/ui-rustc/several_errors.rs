#[atexit::register(order = 1)]
unsafe fn flush(path: String) {}

fn main() {}
