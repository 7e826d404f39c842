fn flush() {}

fn main() {
    let pointer: fn() = flush;
    atexit::unregister(pointer);
}
