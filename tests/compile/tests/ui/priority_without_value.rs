#[atexit::register(priority)]
fn flush() {}

fn main() {}
