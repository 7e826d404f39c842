//! The last flush of Rust's stdout, bounded: the end of the process never waits without bound for
//! a lock another thread may hold.

use std::io::Write;
use std::time::Duration;

/// How long the end of the process waits for Rust's stdout to be flushed. A flush that is not
/// stuck takes microseconds; one that is waits for a lock another thread holds (`main` printing
/// through `io::stdout().lock()`) or for a reader that does not read, and would wait forever.
pub(crate) const FLUSH_BOUND: Duration = Duration::from_millis(100);

/// Flushes what Rust's stdout still buffers, waiting at most [`FLUSH_BOUND`]. The standard
/// library has no way to try its lock, so another thread flushes it, and the process ends without
/// it if that thread is still waiting then (the standard library's own exit only tries the lock).
/// Where no thread can start, it flushes here, and waits for the lock if another thread holds it.
pub(crate) fn flush() {
    let flushed = crate::sys::thread::run_within(FLUSH_BOUND, || {
        let _ = std::io::stdout().flush();
    });
    if flushed.is_err() {
        let _ = std::io::stdout().flush();
    }
}
