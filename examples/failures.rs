//! What the reports of failing handlers look like (the crate docs quote this program's output):
//! `cargo run --example failures`; `ATEXIT_LOG=1` adds the log, `RUST_BACKTRACE=1` the panic's
//! backtrace; `... failures hang` shows a handler past the deadline, `... failures process-exit`
//! a handler that calls `std::process::exit`.

use std::time::Duration;

#[atexit::register]
fn save_state() -> Result<(), std::io::Error> {
    Err(std::io::Error::other("disk full"))
}

#[atexit::register]
fn upload_logs() {
    if std::env::args().any(|arg| arg == "hang") {
        std::thread::sleep(Duration::from_secs(60));
    }
}

fn check_space(free: u64) {
    if free == 0 {
        panic!("no space left on the device");
    }
}

fn main() {
    atexit::register(|| check_space(0));
    atexit::register_async(std::future::pending::<()>()).timeout(Duration::from_millis(100));
    atexit::register(|| println!("cache flushed"));
    atexit::set_timeout(Duration::from_secs(1));
    if std::env::args().any(|arg| arg == "process-exit") {
        atexit::register(|| -> () { std::process::exit(3) }); // use atexit::exit(3)
    }
}
