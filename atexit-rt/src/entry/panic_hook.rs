//! A panic that cannot be caught: every panic under `panic = "abort"`, and under either mode the
//! one the standard library raises when a handler calls `std::process::exit`. The runtime acts in
//! the panic hook, where the panicking thread still runs.
//!
//! - A handler panics (or calls `atexit::exit`, or `std::process::exit`): its thread cannot go on, since returning from the
//!   hook aborts the process. The failure is reported as under `panic = "unwind"`, the rest of the
//!   run goes on on a new thread, and the panicking thread waits for it, then ends the process as
//!   `end` says for a run whose thread is stuck.
//! - Any other thread panics: the hook that was installed before prints the panic, the handlers run
//!   on a new thread (a handler that panicked on the panicking thread itself would abort the process
//!   at once, as a panic inside a panic hook does), and the process then aborts as before.
//!
//! The hook is installed before `main` and calls the one it replaced; a hook the program installs
//! later keeps it working if it calls the hook it replaced in turn (`panic::take_hook`).
//! Where no thread can start, the rest of the run goes on on the stuck thread instead (`go_on`).
//! wasm32-unknown-unknown has nothing before `main` to install the hook from: a panic there aborts
//! without running handlers.

#![cfg_attr(all(target_family = "wasm", target_os = "unknown"), allow(dead_code))]

#[cfg(panic = "abort")]
use std::panic;
use std::panic::PanicHookInfo;

use crate::end::table::{self, Thread};
use crate::run::context;
use crate::run::failure::FailureKind;
use crate::run::invoke;
use crate::run::report::{self, PanicRecord};
use crate::run::state;
#[cfg(panic = "abort")]
use crate::run::state::{Cause, RunLock};
use crate::sys::{failure, thread};

/// Installs the runtime's panic hook in front of the current one (`panic = "abort"`).
#[cfg(panic = "abort")]
pub(crate) fn install() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if context::in_handler() {
            handler_stuck(info);
            return;
        }
        previous(info);
        // The runtime's own code between handlers: no handler can run on this thread any more.
        if !context::running() {
            run_before_abort();
        }
    }));
}

/// A handler's thread cannot go on from its panic (`panic = "abort"`, or a refused
/// `std::process::exit`): reports it, goes on with the run on another thread and ends the process
/// as `end` says for a run whose thread is stuck (it never returns).
pub(crate) fn handler_stuck(info: &PanicHookInfo<'_>) {
    let message = failure::panic_message(info.payload());
    let record = PanicRecord::of(info);
    let (origin, elapsed) = context::handler();
    match origin {
        Some(origin) => {
            report::handler_failed(
                &origin,
                FailureKind::Panicked,
                message,
                Some(&record),
                elapsed,
            );
        }
        None => report::warn(&format!("a handler failed: {message}")),
    }
    go_on(true);
    table::finish(state::cause(), Thread::Stuck);
}

/// A handler called `atexit::exit` on this thread, which cannot be unwound.
#[cfg(panic = "abort")]
pub(crate) fn handler_exited() -> ! {
    go_on(false);
    table::finish(state::cause(), Thread::Stuck);
    // Every run ends the process once a handler asked for a status.
    std::process::abort()
}

/// Runs the rest of this thread's run on a new thread, and waits for it. Where no thread can
/// start (a process at its thread limit, a sandbox that refuses `clone`, WebAssembly), the rest
/// runs here instead, on top of the stuck handler. After a panic that is inside the panic hook: a
/// later handler sees `std::thread::panicking()`, and a panic in it (or its refused
/// `std::process::exit`) aborts the process at once, as the standard library does with any panic
/// inside a panic hook. After `atexit::exit` it is no different from the new thread.
fn go_on(failed: bool) {
    context::leave_handler();
    match thread::spawn(move || invoke::resume(failed)) {
        Ok(thread) => thread.join(),
        Err(_) => invoke::resume(failed),
    }
}

/// A panic outside any handler is about to abort the process: runs the handlers first, on a new
/// thread where one starts, else here (see `go_on`), unless another thread is running them now (it
/// may be waiting for this one).
#[cfg(panic = "abort")]
fn run_before_abort() {
    let Some(lock) = RunLock::try_acquire() else {
        return;
    };
    match thread::spawn(|| invoke::run_locked(Cause::Panic)) {
        Ok(thread) => thread.join(),
        // No thread can start: the handlers run here, inside the panic hook (see `go_on`).
        Err(_) => invoke::run_locked(Cause::Panic),
    }
    drop(lock);
    table::finish(Cause::Panic, Thread::Returns);
}
