//! `atexit::exit`: leave the process, or, inside a handler, end that handler and set the status.

#[cfg(not(panic = "abort"))]
use std::panic;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::context;

const NONE: i64 = i64::MIN;
static REQUESTED: AtomicI64 = AtomicI64::new(NONE);

/// The unwind payload that ends a handler which called [`exit`]; not a failure.
pub(crate) struct ExitRequest;

/// Exits the process with status `code`, running the exit handlers first.
///
/// Outside a handler this is [`std::process::exit`]. Inside a handler it ends only that handler (by
/// unwinding out of it, so the handler's locals are dropped): the remaining handlers still run, and
/// the process then exits with `code`. If several handlers call it, the last code wins.
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

/// Ends the process with `code` at once, after flushing what Rust and C still buffer, as `exit`
/// would: for a process that is inside `exit` already.
pub(crate) fn flush_and_exit_now(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    crate::sys::flush_c_streams();
    crate::sys::exit_now(code)
}

/// Exits the process with `code` through the C runtime's `exit`, which runs the exit hook.
pub(crate) fn exit_process(code: i32) -> ! {
    // `std::process::exit` on Windows skips the C runtime's exit table; its `exit` does not.
    #[cfg(windows)]
    crate::sys::windows::exit(code);
    #[cfg(not(windows))]
    std::process::exit(code)
}

/// The status a handler asked for with [`exit`], if any.
pub(crate) fn requested() -> Option<i32> {
    match REQUESTED.load(Ordering::SeqCst) {
        NONE => None,
        code => i32::try_from(code).ok(),
    }
}
