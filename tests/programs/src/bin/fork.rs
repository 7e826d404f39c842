//! Forks after registering: the child inherits the handlers but not the this-process-only ones.
//! Every line says which process printed it.
//!
//! Unix only: the program is `src/unix/fork.rs`; elsewhere it says so and fails.

#[cfg(unix)]
include!("../unix/fork.rs");

#[cfg(not(unix))]
fn main() {
    eprintln!("this program needs Unix");
    std::process::exit(2);
}
