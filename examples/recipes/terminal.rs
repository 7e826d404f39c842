//! A terminal put in raw mode and on the alternate screen at start, restored however the program
//! ends: at exit, on a panic in `main`, and on SIGINT or SIGTERM with `handle_signals`.
//!
//! A program that changes the terminal's settings must put them back, or the shell it returns to
//! echoes nothing and ignores Enter. Restoring them in `main` misses every other way out; one exit
//! handler covers them. In raw mode Ctrl-C is a key, not a signal: a program that reads keys sees
//! it as one and ends as it sees fit; SIGINT and SIGTERM sent by `kill` still run the handler.
//!
//! `cargo run -p atexit-recipes --example terminal -- exit|panic|wait`

use std::io::{self, Write};

use crossterm::{execute, terminal};

fn main() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen)?;
    atexit::register(|| -> io::Result<()> {
        execute!(io::stdout(), terminal::LeaveAlternateScreen)?;
        terminal::disable_raw_mode()
    });
    atexit::handle_signals(&[atexit::Signal::Interrupt, atexit::Signal::Terminate])?;

    // Raw mode: a line ends with "\r\n".
    print!("ready\r\n");
    io::stdout().flush()?;
    match std::env::args().nth(1).as_deref() {
        Some("panic") => panic!("something went wrong"),
        Some("wait") => loop {
            std::thread::park();
        },
        _ => Ok(()),
    }
}
