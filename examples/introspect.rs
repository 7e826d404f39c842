//! What will run at exit, and a log of it running: `ATEXIT_LOG=1 cargo run --example introspect`.

#[atexit::register(priority = -1)]
fn close_log() {
    println!("log closed");
}

#[atexit::register]
fn save_state() -> Result<(), String> {
    Err("disk full".to_owned())
}

fn main() {
    atexit::register(|| println!("cache flushed"));
    for handler in atexit::handlers() {
        println!("will run: {handler}");
    }
}
