//! The one exit hook, installed before `main` in the C runtime's `atexit` table.

use std::panic;

use crate::exit;
use crate::report;
use crate::run;

// The declarative form of `#[ctor]`: it needs no procedural-macro crate built first.
#[cfg(not(any(miri, loom, all(target_family = "wasm", target_os = "unknown"))))]
ctor::declarative::ctor! {
    // SAFETY: runs before `main`; it calls only the C runtime's `atexit` and, if that fails,
    // `write`, neither of which needs the standard library's runtime to be set up (and under
    // `panic = "abort"` `panic::set_hook`, which needs nothing set up either).
    #[ctor(unsafe)]
    fn install() {
        #[cfg(panic = "abort")]
        crate::abort::install();
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
    if let Some(code) = exit::requested() {
        // The status of a process that is already exiting can only be changed by ending it here.
        exit::flush_and_exit_now(code);
    }
    // The program exited while the handlers ran for a handled signal: end by the signal, as the
    // signal thread would have.
    #[cfg(feature = "signals")]
    if let Some(signal) = crate::signals::signalled() {
        crate::signals::die_by(signal);
    }
}
