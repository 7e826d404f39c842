//! Running the handlers: last registered, first run; failures reported, never stopping the rest.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use crate::context::{self, Mark};
use crate::deadline::{self, Watch};
use crate::exit::{self, ExitRequest};
use crate::handler::Outcome;
use crate::log;
use crate::origin::Origin;
use crate::registry::{self, Cursor};
use crate::report::{self, QuietHandlerPanics};
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

/// Runs all pending handlers; used by `run_exitfuncs`, the exit hook and the signal thread.
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
    let mut run = Run::start();

    let statics = statics::table();
    let mut next_static = statics.len();
    let registry = registry::global();
    // A registration made while running is found on the next turn and runs before anything older.
    let mut cursor = Cursor::default();
    loop {
        if let Some(handler) = registry.next(&mut cursor) {
            let origin = Origin::of_dynamic(handler.vtable, handler.location());
            run.invoke(origin, move || handler.call());
            continue;
        }
        if next_static == 0 {
            break;
        }
        next_static -= 1;
        let slot = &statics[next_static];
        if slot.take() {
            let handler = slot.handler();
            run.invoke(Origin::of_static(handler), || handler.call());
        }
    }
    run.finish();
}

/// One run's options and tally: the log and the deadline cost nothing when they are off.
struct Run {
    log: bool,
    watch: Option<Watch>,
    started: Option<Instant>,
    ran: usize,
    failed: usize,
}

impl Run {
    fn start() -> Run {
        let log = log::enabled();
        let watch = deadline::current().and_then(Watch::start);
        Run {
            log,
            started: log.then(Instant::now),
            watch,
            ran: 0,
            failed: 0,
        }
    }

    fn invoke(&mut self, origin: Origin, handler: impl FnOnce() -> Outcome) {
        if let Some(watch) = &self.watch {
            watch.entering(Some(origin));
        }
        let started = self.log.then(|| {
            log::starting(&origin);
            Instant::now()
        });
        let failed = invoke(&origin, handler);
        self.ran += 1;
        self.failed += usize::from(failed);
        if let Some(started) = started {
            log::finished(&origin, failed, started.elapsed());
        }
        if let Some(watch) = &self.watch {
            watch.entering(None);
        }
    }

    fn finish(self) {
        if let Some(started) = self.started {
            log::summary(self.ran, self.failed, started);
        }
    }
}

/// Calls one handler, reporting its failure; true if it failed.
fn invoke(origin: &Origin, handler: impl FnOnce() -> Outcome) -> bool {
    let result = {
        let _in_handler = Mark::in_handler();
        panic::catch_unwind(AssertUnwindSafe(handler))
    };
    match result {
        Ok(Ok(())) => false,
        Ok(Err(message)) => {
            report::failed(origin, &message);
            true
        }
        Err(payload) => {
            let failed = !payload.is::<ExitRequest>();
            if failed {
                report::failed(origin, report::panic_message(&*payload));
            }
            report::drop_payload(payload);
            failed
        }
    }
}
