//! The last flush of Rust's stdout, bounded: the end of the process never waits without bound for
//! a lock another thread may hold.

use std::io::Write;
#[cfg(not(windows))]
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// How long the end of the process waits for Rust's stdout to be flushed. A flush that is not
/// stuck takes microseconds; one that is waits for a lock another thread holds (`main` printing
/// through `io::stdout().lock()`) or for a reader that does not read, and would wait forever.
pub(crate) const FLUSH_BOUND: Duration = Duration::from_millis(100);

/// Flushes what Rust's stdout still buffers, waiting at most [`FLUSH_BOUND`]. The standard
/// library has no way to try its lock, so another thread flushes it, and the process ends without
/// it if that thread is still waiting then (the standard library's own exit only tries the lock).
/// Where no thread can start, it flushes here, and waits for the lock if another thread holds it.
#[cfg(not(windows))]
pub(crate) fn flush() {
    let done = Arc::new((Mutex::new(false), Condvar::new()));
    let flushed = Arc::clone(&done);
    let flusher = crate::sys::thread::spawn(move || {
        let _ = std::io::stdout().flush();
        *flushed.0.lock().unwrap_or_else(PoisonError::into_inner) = true;
        flushed.1.notify_all();
    });
    if flusher.is_err() {
        let _ = std::io::stdout().flush();
        return;
    }
    let (lock, wake) = &*done;
    let finished = lock.lock().unwrap_or_else(PoisonError::into_inner);
    let _ = wake
        .wait_timeout_while(finished, FLUSH_BOUND, |finished| !*finished)
        .unwrap_or_else(PoisonError::into_inner);
}

/// As elsewhere, but the wait is for the flushing thread's end, not only its flush: a process
/// that ended while a thread of its own was still ending was killed (SIGKILL under Wine, about one
/// exit in eight) instead of ending with its status.
#[cfg(windows)]
pub(crate) fn flush() {
    match crate::sys::thread::spawn(|| {
        let _ = std::io::stdout().flush();
    }) {
        Ok(flusher) => _ = flusher.join_within(FLUSH_BOUND),
        Err(_) => _ = std::io::stdout().flush(),
    }
}
