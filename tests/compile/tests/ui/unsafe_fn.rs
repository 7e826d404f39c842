#[atexit::register]
unsafe fn release() {}

fn main() {}
