async fn flush() {}

fn main() {
    atexit::register(flush);
}
