//! A temporary directory that is removed on every normal exit, and on Ctrl-C or `kill`.
//!
//! `tempfile::TempDir` removes its directory when dropped, but a program that ends with
//! `std::process::exit` (from anywhere in its call stack) or by a signal drops nothing: the
//! directory stays behind. Moved into an exit handler, the guard is dropped at exit, and with
//! `handle_signals`, on SIGINT and SIGTERM too (then the process still ends by the signal).
//! `this_process_only()` keeps a forked child from removing its parent's directory.
//!
//! `cargo run -p atexit-recipes --example temp_dir [wait]`: prints the directory, then exits at
//! once, or with `wait`, waits for a signal.

use atexit::Signal;

fn main() -> std::io::Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("atexit-recipe-")
        .tempdir()?;
    let path = dir.path().to_owned();
    std::fs::write(path.join("state"), "work in progress")?;

    atexit::handle_signals(&[Signal::Interrupt, Signal::Terminate])?;
    // `TempDir::close` removes the directory and says if that failed: the runtime reports an `Err`.
    atexit::register(move || dir.close()).this_process_only();

    println!("{}", path.display());
    if std::env::args().nth(1).as_deref() == Some("wait") {
        loop {
            std::thread::park();
        }
    }
    finish_the_work()
}

fn finish_the_work() -> ! {
    // Deep in the program: nothing above this frame is dropped.
    std::process::exit(0)
}
