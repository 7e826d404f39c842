//! Leaving the process: `atexit::exit`, and `run_exitfuncs`, which runs the handlers now.

use crate::end::table::{self, Thread};
use crate::run::context;
use crate::run::invoke;
use crate::run::state::{self, Cause};

/// Exits the process with status `code`, running the exit handlers first.
///
/// Outside a handler this ends the process as [`std::process::exit`] does, but through the C
/// runtime's `exit` on every platform, so the handlers run first. On Windows this is the way to
/// exit that runs the handlers: `std::process::exit` there calls `ExitProcess`, which skips them.
///
/// Inside a handler it ends only that handler (by unwinding out of it, so the handler's locals are
/// dropped): the remaining handlers still run, and the process then exits with `code`. If several
/// handlers call it, the last code wins. The C runtime's other exit hooks still run on glibc;
/// elsewhere those registered before the runtime's are skipped (the README's rules say why). In a
/// build with `panic = "abort"` the handler cannot be unwound: its locals are not dropped, and the
/// remaining handlers run on another thread (on the same one where no thread can start).
///
/// Use this, not [`std::process::exit`], inside a handler. The standard library refuses
/// `std::process::exit` while the process exits: on Linux the runtime reports such a call, saying
/// to call this instead, the remaining handlers run, and the process keeps the status it was
/// exiting with (the code given is lost). On Windows `std::process::exit` ends the process at
/// once, and the remaining handlers do not run.
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
        state::request(code);
        // No unwinding under `panic = "abort"`: the run goes on without this thread.
        #[cfg(panic = "abort")]
        crate::entry::panic_hook::handler_exited();
        #[cfg(not(panic = "abort"))]
        std::panic::resume_unwind(Box::new(state::ExitRequest));
    }
    crate::end::process::exit(code)
}

/// Runs every registered handler now, last registered first (Python's `atexit._run_exitfuncs`).
///
/// A handler that ran is gone: it does not run again at exit. Handlers registered afterwards run at
/// exit as usual. Called from inside a handler it does nothing (the run in progress goes on). If a
/// handler called [`exit`], the process exits with that status once the run is over, through the
/// C runtime's `exit` (so the C runtime's other exit hooks run, on every platform).
///
/// ```
/// atexit::register(|| println!("flushed"));
/// atexit::run_exitfuncs(); // prints "flushed" now
/// assert_eq!(atexit::ncallbacks(), 0);
/// ```
pub fn run_exitfuncs() {
    if context::in_handler() {
        return;
    }
    invoke::run_all(Cause::Explicit);
    table::finish(Cause::Explicit, Thread::Returns);
}
