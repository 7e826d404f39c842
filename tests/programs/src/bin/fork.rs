//! Forks after registering: what the child inherits, and the two cases in which its parent's
//! threads could leave it stuck (a handled signal, a fork during the exit run).
//!
//! Unix only: the program is `src/unix/fork.rs`; elsewhere it says so and fails.

#[cfg(unix)]
include!("../unix/fork.rs");

#[cfg(not(unix))]
fn main() {
    eprintln!("this program needs Unix");
    std::process::exit(2);
}
