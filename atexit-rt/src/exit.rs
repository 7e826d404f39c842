//! `atexit::exit`: leave the process, or, inside a handler, end that handler and set the status.

use std::io::Write;
#[cfg(not(panic = "abort"))]
use std::panic;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use crate::context;

const NONE: i64 = i64::MIN;
static REQUESTED: AtomicI64 = AtomicI64::new(NONE);
/// The status the runtime itself called the C runtime's `exit` with, if it did.
static EXITING_WITH: AtomicI64 = AtomicI64::new(NONE);

/// The unwind payload that ends a handler which called [`exit`]; not a failure.
pub(crate) struct ExitRequest;

/// Exits the process with status `code`, running the exit handlers first.
///
/// Outside a handler this is [`std::process::exit`]. Inside a handler it ends only that handler (by
/// unwinding out of it, so the handler's locals are dropped): the remaining handlers still run, and
/// the process then exits with `code`. If several handlers call it, the last code wins.
/// The C runtime's other exit hooks still run on glibc; elsewhere those registered before the
/// runtime's are skipped (the README's rules say why).
///
/// Outside a handler it goes through the C runtime's `exit` on every platform. On Windows this is
/// the way to exit that runs the handlers: `std::process::exit` there calls `ExitProcess`, which
/// skips them.
///
/// Use this, not [`std::process::exit`], inside a handler: calling `std::process::exit` while the
/// process is already exiting aborts it (the standard library forbids re-entering `exit`). In a
/// build with `panic = "abort"` the handler cannot be unwound: its locals are not dropped, and the
/// remaining handlers run on another thread.
///
/// ```no_run
/// #[atexit::register]
/// fn check_state() {
///     if !std::path::Path::new("state.json").exists() {
///         eprintln!("state was not saved");
///         atexit::exit(2); // the other handlers still run; the status becomes 2
///     }
/// }
/// # fn main() {}
/// ```
pub fn exit(code: i32) -> ! {
    if context::in_handler() {
        REQUESTED.store(i64::from(code), Ordering::SeqCst);
        // No unwinding under `panic = "abort"`: the run goes on without this thread.
        #[cfg(panic = "abort")]
        crate::abort::handler_exited();
        #[cfg(not(panic = "abort"))]
        panic::resume_unwind(Box::new(ExitRequest));
    }
    exit_process(code)
}

#[cfg_attr(
    all(target_os = "linux", target_env = "gnu", not(panic = "abort")),
    allow(dead_code)
)]
/// Ends the process with `code` at once, after flushing what Rust and C still buffer, as `exit`
/// would: for a process that is inside `exit` already.
pub(crate) fn flush_and_exit_now(code: i32) -> ! {
    flush_stdout();
    crate::sys::flush_c_streams();
    crate::sys::exit_now(code)
}

/// At the end of the exit hook, after the handlers: a handler asked for `code`, and the process is
/// already inside the C runtime's `exit`. If that exit has this status already, it goes on as it
/// is. Otherwise:
///
/// - glibc: `exit(code)` again, from inside the hook. glibc supports this call and documents it in
///   its source ("we do it this way to handle recursive calls to exit () made by the functions
///   registered with atexit and on_exit. We call everyone on the list and use the status value in
///   the last exit ()"): the exit hooks registered before the runtime's still run (C libraries',
///   C++ static destructors, the coverage profile writer, LeakSanitizer), the C streams are flushed,
///   and the status is `code`.
/// - elsewhere the C library's behaviour for a nested `exit` is not known to be safe (musl traps
///   it): the process ends with `code` at once, after flushing Rust's and C's streams, and the exit
///   hooks registered before the runtime's do not run.
pub(crate) fn exit_with_requested(code: i32) {
    let exiting = crate::sys::exit_status().or_else(|| known(EXITING_WITH.load(Ordering::SeqCst)));
    if exiting == Some(code) {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        flush_stdout();
        EXITING_WITH.store(i64::from(code), Ordering::SeqCst);
        // SAFETY: a nested `exit` from an exit hook, which glibc supports (above); it does not
        // return. Not `std::process::exit`, which aborts a re-entered exit.
        unsafe { libc::exit(code) }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    flush_and_exit_now(code)
}

/// How long the end of the process waits for Rust's stdout to be flushed: a flush that is not
/// stuck takes microseconds; one that is waits for a lock another thread holds (`main` printing
/// through `io::stdout().lock()`) or for a reader that does not read.
pub(crate) const FLUSH_BOUND: Duration = Duration::from_millis(100);

/// Flushes what Rust's stdout still buffers, waiting at most [`FLUSH_BOUND`]: the standard
/// library has no way to try its lock, so another thread flushes it, and the process ends without
/// it if it is still waiting then (the standard library's own exit only tries the lock). Where no
/// thread can start (WebAssembly), no other thread can hold the lock either: it flushes here.
pub(crate) fn flush_stdout() {
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

/// Exits the process with `code` through the C runtime's `exit`, which runs the exit hook.
pub(crate) fn exit_process(code: i32) -> ! {
    EXITING_WITH.store(i64::from(code), Ordering::SeqCst);
    // `std::process::exit` on Windows skips the C runtime's exit table; its `exit` does not.
    #[cfg(windows)]
    crate::sys::windows::exit(code);
    #[cfg(not(windows))]
    std::process::exit(code)
}

/// Forgets the status a handler of the parent's run asked for (in a forked child).
#[cfg_attr(not(unix), allow(dead_code))]
pub(crate) fn forget_request() {
    REQUESTED.store(NONE, Ordering::SeqCst);
}

/// The status a handler asked for with [`exit`], if any.
pub(crate) fn requested() -> Option<i32> {
    known(REQUESTED.load(Ordering::SeqCst))
}

fn known(status: i64) -> Option<i32> {
    match status {
        NONE => None,
        status => i32::try_from(status).ok(),
    }
}
