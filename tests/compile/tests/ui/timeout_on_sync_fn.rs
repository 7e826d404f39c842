#[atexit::register(timeout = "2s")]
fn flush() {}

fn main() {}
