// Handles SIGINT, SIGTERM, SIGHUP and SIGQUIT, prints `ready`, then waits for a signal.
//
// Modes (first argument):
// - `wait`: waits; the test sends the signal.
// - `self`: sends itself SIGTERM (for the shell's view of how it ended).
// - `slow`: one handler prints `slow started` and then sleeps for a minute; the test's second
//   signal must end the process at once.
// - `exit-in-handler`: a handler calls `atexit::exit(7)`.
// - `main-exits`: `main` returns while the handlers run for the signal.
// - `unhandled`: does not call `handle_signals`.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use atexit::Signal;

static HANDLER_STARTED: AtomicBool = AtomicBool::new(false);

#[atexit::register]
fn static_cleanup() {
    println!("static_cleanup");
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    atexit::register(|| println!("first"));
    match mode.as_str() {
        "slow" => {
            atexit::register(|| {
                println!("slow started");
                std::thread::sleep(Duration::from_secs(60));
                println!("slow done");
            });
        }
        "exit-in-handler" => {
            atexit::register(|| -> () {
                println!("exiting with 7");
                atexit::exit(7)
            });
        }
        "main-exits" => {
            atexit::register(|| {
                println!("slow started");
                HANDLER_STARTED.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(300));
                println!("slow done");
            });
        }
        _ => {}
    }
    atexit::register(|| println!("last"));
    if mode != "unhandled" {
        atexit::handle_signals(&Signal::ALL).expect("handle signals");
        // Handling a signal twice does not run the handlers twice.
        atexit::handle_signals(&[Signal::Terminate]).expect("handle signals again");
    }
    println!("ready");
    std::io::stdout().flush().unwrap();
    if mode == "self" {
        // SAFETY: sends SIGTERM to this process.
        unsafe { libc::kill(libc::getpid(), libc::SIGTERM) };
    }
    if mode == "main-exits" {
        while !HANDLER_STARTED.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(1));
        }
        println!("main returns");
        return;
    }
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}
