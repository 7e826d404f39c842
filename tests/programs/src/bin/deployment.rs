//! A program as real deployments start it: as PID 1 of a container, under `nohup`, as a
//! background job, with `main` holding the lock of stdout. Prints `ready`, then waits for a signal.
//!
//! Modes (first argument):
//! - `wait`: handles SIGHUP, SIGINT and SIGTERM with `handle_signals`, prints which of them it
//!   left ignored, and waits.
//! - `wait-even-if-ignored`: the same with `handle_signals_even_if_ignored`.
//! - `lock-stdout`: handles SIGTERM; `main` holds `io::stdout().lock()` and prints through it
//!   until the process ends. The handlers print on stderr (stdout's lock is `main`'s).
//! - `exit-race`: `main` holds stdout's lock as above while another thread calls
//!   `std::process::exit(0)`; a handler asks for status 3 with `atexit::exit`.
//!
//! Unix only: elsewhere it says so and fails.

#[cfg(unix)]
fn main() {
    use std::io::Write;
    use std::time::Duration;

    use atexit::Signal;

    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "wait" | "wait-even-if-ignored" => {
            atexit::register(|| println!("first"));
            atexit::register(|| println!("last"));
            let signals = [Signal::Hangup, Signal::Interrupt, Signal::Terminate];
            if mode == "wait" {
                atexit::handle_signals(&signals).expect("handle signals");
            } else {
                atexit::handle_signals_even_if_ignored(&signals).expect("handle signals");
            }
            let ignored: Vec<String> = signals
                .iter()
                .filter(|signal| signal.is_ignored())
                .map(|signal| format!("{signal:?}"))
                .collect();
            println!("left ignored: [{}]", ignored.join(", "));
            println!("ready");
            std::io::stdout().flush().unwrap();
            loop {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        "lock-stdout" | "exit-race" => {
            atexit::register(|| eprintln!("handler first"));
            if mode == "exit-race" {
                atexit::register(|| -> () {
                    eprintln!("handler asks for 3");
                    atexit::exit(3)
                });
                std::thread::spawn(|| {
                    std::thread::sleep(Duration::from_millis(100));
                    std::process::exit(0);
                });
            } else {
                atexit::handle_signals(&[Signal::Terminate]).expect("handle signals");
            }
            atexit::register(|| eprintln!("handler last"));
            let mut out = std::io::stdout().lock();
            writeln!(out, "ready").unwrap();
            out.flush().unwrap();
            loop {
                // A line without its newline stays in the buffer, under the lock.
                write!(out, "tick ").unwrap();
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        other => {
            eprintln!("unknown mode {other:?}");
            std::process::exit(2);
        }
    }
}

#[cfg(not(unix))]
fn main() {
    eprintln!("this program needs Unix");
    std::process::exit(2);
}
