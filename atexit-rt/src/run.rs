//! Running the handlers: last registered, first run; failures reported, never stopping the rest.

use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};

use crate::context::{self, Mark};
use crate::exit::{self, ExitRequest};
use crate::handler::Outcome;
use crate::registry;
use crate::report::{self, Origin, QuietHandlerPanics};
use crate::statics;

/// Serialises runs, so that a thread that calls `exit` while another thread runs the handlers waits
/// for them instead of ending the process half-way. Registration never takes it.
static RUN: Mutex<()> = Mutex::new(());

/// Runs every registered handler now, last registered first (Python's `atexit._run_exitfuncs`).
///
/// A handler that ran is gone: it does not run again at exit. Handlers registered afterwards run at
/// exit as usual. Called from inside a handler it does nothing (the run in progress goes on). If a
/// handler called [`exit`](crate::exit), the process exits with that status once the run is over.
pub fn run_exitfuncs() {
    if context::in_handler() {
        return;
    }
    run_all();
    if let Some(code) = exit::requested() {
        std::process::exit(code);
    }
}

/// Runs all pending handlers; used by `run_exitfuncs` and by the exit hook.
pub(crate) fn run_all() {
    // The exit hook re-entered on this thread (a handler of an explicit run called
    // `std::process::exit`): this thread holds the lock already and the outer run never resumes.
    let _lock = if context::running() {
        None
    } else {
        Some(RUN.lock().unwrap_or_else(PoisonError::into_inner))
    };
    let _running = Mark::running();
    let _quiet = QuietHandlerPanics::install();

    let statics = statics::table();
    let mut next_static = statics.len();
    // Ranges of run-time registrations still to run, the newest on top; a registration made while
    // running is found on the next turn and runs before anything older.
    let mut pending: Vec<Range<usize>> = Vec::new();
    let mut seen = 0;
    loop {
        let len = registry::len();
        if len > seen {
            pending.push(seen..len);
            seen = len;
        }
        if let Some(range) = pending.last_mut() {
            match range.next_back() {
                Some(index) => {
                    if let Some(handler) = registry::take(index) {
                        let location = handler.location();
                        let origin = Origin {
                            name: (handler.vtable.name)(),
                            file: location.file(),
                            line: location.line(),
                        };
                        invoke(&origin, move || handler.call());
                    }
                }
                None => {
                    pending.pop();
                }
            }
            continue;
        }
        if next_static == 0 {
            break;
        }
        next_static -= 1;
        let slot = &statics[next_static];
        if slot.take() {
            let handler = slot.handler();
            let origin = Origin {
                name: handler.name(),
                file: handler.file(),
                line: handler.line,
            };
            invoke(&origin, || handler.call());
        }
    }
}

fn invoke(origin: &Origin, handler: impl FnOnce() -> Outcome) {
    let result = {
        let _in_handler = Mark::in_handler();
        panic::catch_unwind(AssertUnwindSafe(handler))
    };
    match result {
        Ok(Ok(())) => {}
        Ok(Err(message)) => report::failed(origin, &message),
        Err(payload) => {
            if !payload.is::<ExitRequest>() {
                report::failed(origin, report::panic_message(&*payload));
            }
            report::drop_payload(payload);
        }
    }
}
