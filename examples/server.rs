//! A server that cleans up on Ctrl-C or `kill`: `cargo run --example server --features signals`.
//!
//! It writes a pid file, removes it at exit in this process only (a forked worker must not), and
//! asks for the handlers to run on SIGINT and SIGTERM. Press Ctrl-C: the handlers run, and the
//! shell then sees the process interrupted (status 130), as it would without the crate. Press it
//! twice to stop at once while a slow handler runs.

use std::io::Write;
use std::time::Duration;

use atexit::Signal;

#[atexit::register]
fn goodbye() {
    println!("server stopped");
}

fn main() -> std::io::Result<()> {
    let pid_file = std::env::temp_dir().join(format!("server-{}.pid", std::process::id()));
    std::fs::write(&pid_file, std::process::id().to_string())?;
    let path = pid_file.clone();
    atexit::register(move || {
        std::fs::remove_file(&path)?;
        println!("removed the pid file");
        std::io::Result::Ok(())
    })
    .this_process_only();
    atexit::register(|| println!("closing 3 connections"));
    atexit::set_timeout(Duration::from_secs(10));
    atexit::handle_signals(&[Signal::Interrupt, Signal::Terminate])?;

    println!(
        "serving; pid file {}; press Ctrl-C to stop",
        pid_file.display()
    );
    std::io::stdout().flush()?;
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}
