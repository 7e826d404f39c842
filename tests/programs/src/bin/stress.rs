//! `stress <record file> <threads> <registrations per thread>`: threads register and unregister
//! handlers as fast as they can while another thread calls `exit`.
//!
//! Everything is recorded in a file mapped into memory, which outlives the process, so the test
//! reads what happened even for the registrations still in flight when the process ended. The file
//! is an array of little-endian `u64`: `[0]` the length of the run log, then four arrays of one
//! element per registration id: the sequence number + 1 (0 until `register` returned), the
//! unregistration state (1 called, 2 returned true, 3 returned false), how many times the handler
//! ran, and the run log (ids + 1, in the order they ran).
//!
//! Unix only: the program is `src/unix/stress.rs`; elsewhere it says so and fails.

#[cfg(unix)]
include!("../unix/stress.rs");

#[cfg(not(unix))]
fn main() {
    eprintln!("this program needs Unix");
    std::process::exit(2);
}
