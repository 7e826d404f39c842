//! `panic = "abort"`: a panic cannot be caught, so the runtime acts in the panic hook, where the
//! panicking thread still runs.
//!
//! - A handler panics (or calls `atexit::exit`): its thread cannot go on, since returning from the
//!   hook aborts the process. The failure is reported as under `panic = "unwind"`, the rest of the
//!   run goes on on a new thread, and the panicking thread waits for it, then ends the process as
//!   the run would have ended it ([`end`]).
//! - Any other thread panics: the hook that was installed before prints the panic, the handlers run
//!   on a new thread (a handler that panicked on the panicking thread itself would abort the process
//!   at once, as a panic inside a panic hook does), and the process then aborts as before.
//!
//! The hook is installed before `main` and calls the one it replaced; a hook the program installs
//! later keeps it working if it calls the hook it replaced in turn (`panic::take_hook`).
//! wasm32-unknown-unknown has nothing before `main` to install it from, and no threads: a panic
//! there aborts without running handlers.

#![cfg_attr(all(target_family = "wasm", target_os = "unknown"), allow(dead_code))]

use std::panic::{self, PanicHookInfo};

use crate::context;
use crate::exit;
use crate::report;
use crate::run::{self, Cause};
use crate::sys;

/// Installs the runtime's panic hook in front of the current one.
pub(crate) fn install() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if context::in_handler() {
            handler_panicked(info);
            return;
        }
        previous(info);
        // The runtime's own code between handlers: no handler can run on this thread any more.
        if !context::running() {
            run_before_abort();
        }
    }));
}

/// A handler panicked on this thread: reports it, goes on with the run and ends the process as the
/// run would have. Returns only where the process then aborts (a run for a panic, or one the
/// program started with `run_exitfuncs`).
pub(crate) fn handler_panicked(info: &PanicHookInfo<'_>) {
    let message = report::panic_message(info.payload());
    match context::handler() {
        Some(origin) => report::failed(&origin, message),
        None => report::warn(&format!("a handler failed: {message}")),
    }
    go_on(true);
    end();
}

/// A handler called `atexit::exit` on this thread, which cannot be unwound.
pub(crate) fn handler_exited() -> ! {
    go_on(false);
    end();
    // Every run ends the process once a handler asked for a status.
    std::process::abort()
}

/// Runs the rest of this thread's run on a new thread, and waits for it.
fn go_on(failed: bool) {
    context::leave_handler();
    match sys::thread::spawn(move || run::resume(failed)) {
        Ok(thread) => thread.join(),
        Err(error) => report::warn(&format!(
            "cannot start a thread to run the remaining handlers: {error}"
        )),
    }
}

/// Ends the process after a run whose thread cannot go on: with the status a handler asked for;
/// at exit, with the status the process was exiting with (glibc) or by the handled signal; for a
/// signal, by that signal. Returns where the process is to abort: the status is unknown (the C
/// library does not tell it), or the run was for a panic or for `run_exitfuncs`.
fn end() {
    let cause = run::cause();
    if let Some(code) = exit::requested() {
        match cause {
            // Inside the C library's `exit` already, or about to abort: only `_exit` sets a status.
            Cause::Exit | Cause::Panic => exit::flush_and_exit_now(code),
            Cause::Explicit | Cause::Signal => exit::exit_process(code),
        }
    }
    #[cfg(feature = "signals")]
    if matches!(cause, Cause::Exit | Cause::Signal) {
        if let Some(signal) = crate::signals::signalled() {
            crate::signals::die_by(signal);
        }
    }
    if cause == Cause::Exit {
        if let Some(status) = sys::exit_status() {
            exit::flush_and_exit_now(status);
        }
    }
}

/// A panic outside any handler is about to abort the process: runs the handlers first, on a new
/// thread, unless another thread is running them now (it may be waiting for this one).
fn run_before_abort() {
    let Some(lock) = run::try_lock() else {
        return;
    };
    match sys::thread::spawn(|| run::run_locked(Cause::Panic)) {
        Ok(thread) => thread.join(),
        Err(error) => report::warn(&format!(
            "cannot start a thread to run the exit handlers: {error}"
        )),
    }
    drop(lock);
}
