// A value missing after the last `=` is reported at that `=`, inside the attribute.
#[atexit::register(priority = 1, crate =)]
fn cleanup() {}

fn main() {}
