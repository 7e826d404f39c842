//! The C runtime's part, on every target that has one (Unix, Windows, WASI): the exit table
//! (`atexit`; glibc's in `glibc.rs`), `write` on descriptor 2, `fflush(NULL)` and `_exit`.

/// Installs `hook` in the C runtime's `atexit` table; false if it is full.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn install_exit_hook(hook: extern "C" fn()) -> bool {
    // SAFETY: `hook` is an `extern "C" fn()` that never unwinds (the caller's contract, checked
    // at its definition).
    unsafe { libc::atexit(hook) == 0 }
}

/// The status the process is exiting with, once its exit hook was called: known only with
/// glibc, whose `on_exit` passes it.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn exit_status() -> Option<i32> {
    None
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) use crate::sys::glibc::{exit_status, install_exit_hook};

/// Writes `bytes` to the standard error descriptor, without the lock `std::io::stderr` takes
/// (a handler that hangs may hold it). Errors are ignored: nothing may fail at exit for that.
#[cfg(not(windows))]
pub(crate) fn write_stderr(bytes: &[u8]) {
    const STDERR: libc::c_int = 2;
    let mut rest = bytes;
    while !rest.is_empty() {
        // One call writes at most `i32::MAX` bytes, which fits every platform's count type.
        let chunk = rest.len().min(i32::MAX as usize);
        // SAFETY: `rest` is valid for reading `chunk` bytes for the duration of the call.
        let written = unsafe { libc::write(STDERR, rest.as_ptr().cast(), chunk as _) };
        if written <= 0 {
            return;
        }
        rest = &rest[written as usize..];
    }
}

/// Flushes every C output stream, as `exit` would.
pub(crate) fn flush_c_streams() {
    // SAFETY: `fflush(NULL)` flushes every open output stream; it takes no pointer of ours.
    unsafe { libc::fflush(std::ptr::null_mut()) };
}

/// Ends the process with `code` at once: no exit hook, no destructor, no flush.
pub(crate) fn exit_now(code: i32) -> ! {
    // SAFETY: `_exit` ends the process; nothing of this process runs afterwards.
    unsafe { libc::_exit(code) }
}
