//! The few things the runtime asks of the operating system, one place per platform family.
//!
//! - Unix and WASI (`c.rs`, `glibc.rs`): the C library's `atexit` (glibc: `on_exit`, which tells
//!   the exit status, or in a shared library `__cxa_atexit`), `write` on descriptor 2, `fflush(NULL)`
//!   and `_exit`; `signal.rs`: ending the process by a signal.
//! - Windows: the C runtime's `atexit`, `fflush` and `_exit` (so a process that returns from `main`
//!   or calls `exit` runs the hook), and `windows.rs`: `WriteFile` to the standard error handle
//!   (the C runtime's `write` would turn `\n` into `\r\n`, unlike Rust's `stderr`), `exit`, and
//!   `ExitProcess`.
//! - wasm32-unknown-unknown (`bare.rs`): no C library and no process exit; only `run_exitfuncs`
//!   runs handlers.
//! - Everywhere: the runtime's own threads (`thread.rs`), the bounded flush of stdout at the end
//!   (`stdout.rs`), and what is done with the runtime's own failures (`failure.rs`).
//!
//! Nothing here calls into the rest of the runtime.

#[cfg(all(target_family = "wasm", target_os = "unknown"))]
#[path = "bare.rs"]
pub(crate) mod c;
#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
pub(crate) mod c;
pub(crate) mod failure;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) mod glibc;
#[cfg(feature = "signals")]
pub(crate) mod signal;
pub(crate) mod stdout;
pub(crate) mod thread;
#[cfg(windows)]
pub(crate) mod windows;

pub(crate) use c::exit_status;
#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
pub(crate) use c::install_exit_hook;
#[cfg(not(windows))]
pub(crate) use c::write_stderr;
pub(crate) use c::{exit_now, flush_c_streams};
#[cfg(windows)]
pub(crate) use windows::write_stderr;

/// Around every later `fork`, on the forking thread: `prepare` before it, then `parent` in the
/// parent and `child` in the child, before `fork` returns.
#[cfg(unix)]
pub(crate) fn on_fork(
    prepare: unsafe extern "C" fn(),
    parent: unsafe extern "C" fn(),
    child: unsafe extern "C" fn(),
) -> bool {
    // SAFETY: the three never unwind and are async-signal-safe (but for what the child hook
    // documents), as the caller's contract says.
    unsafe { libc::pthread_atfork(Some(prepare), Some(parent), Some(child)) == 0 }
}
