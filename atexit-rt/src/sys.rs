//! The few things the runtime asks of the operating system, one place per platform family.
//!
//! - Unix and WASI: the C library's `atexit`, `write` on descriptor 2, `fflush(NULL)` and `_exit`.
//! - Windows: the C runtime's `atexit`, `fflush` and `_exit` (so a process that returns from `main`
//!   or calls `exit` runs the hook), and `windows.rs`: `WriteFile` to the standard error handle
//!   (the C runtime's `write` would turn `\n` into `\r\n`, unlike Rust's `stderr`), `exit`, and
//!   `ExitProcess`.
//! - wasm32-unknown-unknown: no C library and no process exit; only `run_exitfuncs` runs handlers.

#[cfg(windows)]
pub(crate) mod windows;

/// Every target with a C runtime: Unix, Windows, WASI.
#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
mod c {
    /// Installs `hook` in the C runtime's `atexit` table; false if it is full.
    pub(crate) fn install_exit_hook(hook: extern "C" fn()) -> bool {
        // SAFETY: `hook` is an `extern "C" fn()` that never unwinds (the caller's contract, checked
        // at its definition).
        unsafe { libc::atexit(hook) == 0 }
    }

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
}

/// wasm32-unknown-unknown: no C runtime, and no exit to hook.
#[cfg(all(target_family = "wasm", target_os = "unknown"))]
mod c {
    pub(crate) fn write_stderr(bytes: &[u8]) {
        use std::io::Write;
        let _ = std::io::stderr().write_all(bytes);
    }

    pub(crate) fn flush_c_streams() {}

    pub(crate) fn exit_now(code: i32) -> ! {
        std::process::exit(code)
    }
}

#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
pub(crate) use c::install_exit_hook;
#[cfg(not(windows))]
pub(crate) use c::write_stderr;
pub(crate) use c::{exit_now, flush_c_streams};
#[cfg(windows)]
pub(crate) use windows::write_stderr;

/// Runs `child` in the child of every later `fork`, on the forking thread, before `fork` returns.
/// Nothing to do where there is no `fork`.
#[cfg(unix)]
pub(crate) fn on_fork_child(child: unsafe extern "C" fn()) -> bool {
    // SAFETY: `child` never unwinds and is async-signal-safe, as the caller's contract says.
    unsafe { libc::pthread_atfork(None, None, Some(child)) == 0 }
}
