#[atexit::register]
struct Cleanup;

fn main() {}
