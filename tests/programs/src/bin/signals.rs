//! Handles SIGINT, SIGTERM, SIGHUP and SIGQUIT, prints `ready`, then waits for a signal.
//!
//! Modes (first argument):
//! - `wait`: waits; the test sends the signal.
//! - `self`: sends itself SIGTERM (for the shell's view of how it ended).
//! - `slow`: one handler prints `slow started` and then sleeps for a minute; the test's second
//!   signal must end the process at once.
//! - `exit-in-handler`: a handler calls `atexit::exit(7)`.
//! - `main-exits`: `main` returns while the handlers run for the signal.
//! - `unhandled`: does not call `handle_signals`.
//!
//! Unix only: the program is `src/unix/signals.rs`; elsewhere it says so and fails.

#[cfg(unix)]
include!("../unix/signals.rs");

#[cfg(not(unix))]
fn main() {
    eprintln!("this program needs Unix");
    std::process::exit(2);
}
