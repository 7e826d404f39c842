#[atexit::register]
fn flush() -> i32 {
    0
}

fn main() {}
