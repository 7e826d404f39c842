//! The exit hook, installed before `main` in the C runtime's `atexit` table (and on Unix, just
//! before it, the one a forked child may need).

use std::panic;

use crate::exit;
use crate::report;
use crate::run;

// The declarative form of `#[ctor]`: it needs no procedural-macro crate built first.
#[cfg(not(any(miri, loom, all(target_family = "wasm", target_os = "unknown"))))]
ctor::declarative::ctor! {
    // SAFETY: runs before `main`; it calls only the C runtime's `atexit` and `pthread_atfork` and,
    // if they fail, `write`, none of which needs the standard library's runtime to be set up (and
    // under `panic = "abort"` `panic::set_hook`, which needs nothing set up either).
    #[ctor(unsafe)]
    fn install() {
        #[cfg(panic = "abort")]
        crate::abort::install();
        #[cfg(unix)]
        {
            crate::fork::watch_forks();
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
    if let Err(payload) = panic::catch_unwind(|| run::run_all(run::Cause::Exit)) {
        report::drop_payload(payload);
    }
    match exit::requested() {
        // Returns only if the exit under way has that status already.
        Some(code) => exit::exit_with_requested(code),
        // The program exited while the handlers ran for a handled signal: end by the signal, as
        // the signal thread would have.
        #[cfg(feature = "signals")]
        None => {
            if let Some(signal) = crate::signals::signalled() {
                crate::signals::die_by(signal);
            }
        }
        #[cfg(not(feature = "signals"))]
        None => {}
    }
}

/// The exit hook of a child forked while its parent was running `at_exit`: the C library took
/// `at_exit` off its table before calling it, and the child got a copy of that table, in which this
/// hook still is. In every other process it does nothing.
#[cfg(unix)]
#[cfg_attr(any(miri, loom), allow(dead_code))]
extern "C" fn at_exit_in_child() {
    if crate::fork::exit_hook_taken() {
        at_exit();
    }
}
