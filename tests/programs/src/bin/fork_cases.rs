//! A forked child whose parent handles signals, and one forked while the parent runs its handlers.
//!
//! Unix only: the program is `src/unix/fork_cases.rs`; elsewhere it says so and fails.

#[cfg(unix)]
include!("../unix/fork_cases.rs");

#[cfg(not(unix))]
fn main() {
    eprintln!("this program needs Unix");
    std::process::exit(2);
}
