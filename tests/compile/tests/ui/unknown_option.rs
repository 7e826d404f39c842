#[atexit::register(order = 1, priority = "x", after(other))]
fn flush() {}

fn main() {}
