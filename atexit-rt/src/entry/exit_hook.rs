//! The exit hook, installed before `main` in the C runtime's `atexit` table (and on Unix, just
//! before it, the one a forked child may need).

use std::panic;

use crate::end::table::{self, Thread};
use crate::run::invoke;
use crate::run::state::Cause;
use crate::sys::failure;

// The declarative form of `#[ctor]`: it needs no procedural-macro crate built first.
#[cfg(not(any(miri, loom, all(target_family = "wasm", target_os = "unknown"))))]
ctor::declarative::ctor! {
    // SAFETY: runs before `main`; it calls only the C runtime's `atexit` and `pthread_atfork` and,
    // if they fail, `write`, none of which needs the standard library's runtime to be set up (and
    // under `panic = "abort"` `panic::set_hook`, which needs nothing set up either).
    #[ctor(unsafe)]
    fn install() {
        // A run's panic hook hands a handler whose thread cannot go on to this layer.
        crate::run::report::on_handler_stuck(crate::entry::panic_hook::handler_stuck);
        #[cfg(panic = "abort")]
        crate::entry::panic_hook::install();
        #[cfg(unix)]
        {
            crate::entry::fork::watch_forks();
            // Installed first, so that it comes after `at_exit` in the table.
            if !crate::sys::install_exit_hook(at_exit_in_child) {
                crate::sys::write_stderr(
                    b"atexit: could not install the exit hook of forked children\n",
                );
            }
        }
        if !crate::sys::install_exit_hook(at_exit) {
            crate::sys::write_stderr(
                b"atexit: could not install the exit hook; handlers will not run\n",
            );
        }
    }
}

// Not installed (and so unused) when the registry is model-checked or run under Miri, nor where
// there is no C runtime.
#[cfg_attr(
    any(miri, loom, all(target_family = "wasm", target_os = "unknown")),
    allow(dead_code)
)]
extern "C" fn at_exit() {
    // A panic must not unwind into C: `run_all` catches every handler's, and this catches our own.
    if let Err(payload) = panic::catch_unwind(|| invoke::run_all(Cause::Exit)) {
        failure::drop_payload(payload);
    }
    // Returns if the C runtime's `exit` is to go on.
    table::finish(Cause::Exit, Thread::Returns);
}

/// The exit hook of a child forked while its parent was running `at_exit`: the C library took
/// `at_exit` off its table before calling it, and the child got a copy of that table, in which this
/// hook still is. In every other process it does nothing.
#[cfg(unix)]
#[cfg_attr(any(miri, loom), allow(dead_code))]
extern "C" fn at_exit_in_child() {
    if crate::entry::fork::exit_hook_taken() {
        at_exit();
    }
}
