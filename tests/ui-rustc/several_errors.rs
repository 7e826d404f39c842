#[atexit::register(order = 1)]
async fn flush(path: String) {}

fn main() {}
