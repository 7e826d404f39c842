#[atexit::register(timeout = "soon")]
async fn flush() {}

#[atexit::register(timeout = 2)]
async fn close() {}

fn main() {}
