//! A run of the handlers: last registered, first run, each once; failures reported, never
//! stopping the rest. What ends the process afterwards is `end`'s to decide.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::registry::dynamic::{self, Cursor};
use crate::registry::handler::{Failed, Outcome};
use crate::registry::limits;
use crate::registry::origin::Origin;
use crate::registry::statics;
use crate::run::context::{self, Mark};
use crate::run::deadline::{self, Watch};
use crate::run::failure::FailureKind;
use crate::run::log;
use crate::run::report::{self, QuietHandlerPanics};
use crate::run::state::{self, Cause, ExitRequest, RunLock};
use crate::sys::failure;

/// Runs all pending handlers; used by `run_exitfuncs`, the exit hook and the signal thread.
pub(crate) fn run_all(cause: Cause) {
    // The exit hook re-entered on this thread (a handler of an explicit run called
    // `std::process::exit`): this thread holds the lock already and the outer run never resumes.
    let _lock = if context::running() {
        None
    } else {
        Some(RunLock::acquire())
    };
    run_locked(cause);
}

/// Runs all pending handlers for `cause`, the lock of runs being held for this thread.
pub(crate) fn run_locked(cause: Cause) {
    state::set_cause(cause);
    pending(Run::start(), cause != Cause::Panic);
}

/// Goes on, on this thread, with the run whose thread cannot go on: its handler panicked under
/// `panic = "abort"` or called `std::process::exit` (`failed`), or called `atexit::exit` under
/// `panic = "abort"`.
pub(crate) fn resume(failed: bool) {
    let handover = HANDOVER
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    let run = handover.map_or_else(Run::start, |mut handover| {
        handover.failed -= usize::from(!failed);
        Run::resume(handover)
    });
    // The panicking thread holds the panic hook, which cannot be changed meanwhile; the hook the
    // run installed when it started stays in place.
    pending(run, false);
}

/// Runs the handlers not yet run, newest first.
fn pending(mut run: Run, quiet: bool) {
    let _running = Mark::running();
    // A run for a panic runs while the panicking thread holds the hook: it cannot be changed.
    let _quiet = quiet.then(QuietHandlerPanics::install);

    let statics = statics::table();
    let mut next_static = statics.len();
    let registry = dynamic::global();
    // A registration made while running is found on the next turn and runs before anything older.
    let mut cursor = Cursor::default();
    loop {
        let watch = run.watch.as_ref();
        let waiting = |sequence| {
            if let Some(watch) = watch {
                watch.waiting(sequence);
            }
        };
        if let Some(handler) = registry.next(&mut cursor, waiting) {
            let origin = Origin::of_dynamic(handler.vtable, handler.location());
            // Only an async handler with a limit of its own looks its sequence number up: until
            // a limit is set, nothing is recorded.
            let limited = limits::any();
            if limited {
                context::set_sequence(Some(handler.index));
            }
            run.invoke(origin, move || handler.call());
            if limited {
                context::set_sequence(None);
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
            run.invoke(Origin::of_static(handler), || handler.call());
        }
    }
    run.finish();
}

/// One run's options and tally: the log and the deadline cost nothing when they are off.
struct Run {
    log: bool,
    /// Each handler is timed: for the log, the deadline or the failure hook.
    timed: bool,
    watch: Option<Watch>,
    started: Option<Instant>,
    ran: usize,
    failed: usize,
    /// The handover of the run this one is nested in (a handler of a run `run_exitfuncs` started
    /// called `std::process::exit`), back in place when this one finishes.
    outer: Option<Handover>,
}

/// What the thread that goes on with a run takes over, if a handler's thread cannot go on: its
/// deadline and its tally so far, as if that handler failed.
struct Handover {
    log: bool,
    timed: bool,
    watch: Option<deadline::Handover>,
    started: Option<Instant>,
    ran: usize,
    failed: usize,
}

/// The run in progress, as a thread that goes on with it would take it over. Left once when the run
/// starts; the tally, which only the log reads, before each handler while the log is on.
static HANDOVER: Mutex<Option<Handover>> = Mutex::new(None);

impl Run {
    fn start() -> Run {
        let log = log::enabled();
        let watch = deadline::current().and_then(Watch::start);
        let outer = HANDOVER
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let run = Run {
            log,
            timed: log || watch.is_some() || report::hooked(),
            started: log.then(Instant::now),
            watch,
            ran: 0,
            failed: 0,
            outer,
        };
        run.hand_over();
        run
    }

    /// The run another thread could not go on with. The run it was nested in, if any, is not
    /// resumed: that thread's frames never return.
    fn resume(handover: Handover) -> Run {
        let run = Run {
            log: handover.log,
            timed: handover.timed,
            watch: handover.watch.map(deadline::Handover::adopt),
            started: handover.started,
            ran: handover.ran,
            failed: handover.failed,
            outer: None,
        };
        run.hand_over();
        run
    }

    /// Leaves what another thread needs to go on with this run if the next handler's thread cannot
    /// go on.
    fn hand_over(&self) {
        *HANDOVER.lock().unwrap_or_else(PoisonError::into_inner) = Some(Handover {
            log: self.log,
            timed: self.timed,
            watch: self.watch.as_ref().map(Watch::handover),
            started: self.started,
            // The handler that cannot go on counts as run and failed.
            ran: self.ran + 1,
            failed: self.failed + 1,
        });
    }

    fn invoke(&mut self, origin: Origin, handler: impl FnOnce() -> Outcome) {
        if let Some(watch) = &self.watch {
            watch.entering(Some(origin));
        }
        if self.log {
            log::starting(&origin);
        }
        let started = self.timed.then(Instant::now);
        // For the panic hook, if this handler's thread cannot go on.
        context::set_handler(origin, started);
        if self.log && self.ran > 0 {
            self.hand_over();
        }
        let failed = invoke(&origin, started, handler);
        self.ran += 1;
        self.failed += usize::from(failed);
        if let (true, Some(started)) = (self.log, started) {
            log::finished(&origin, failed, started.elapsed());
        }
        if let Some(watch) = &self.watch {
            watch.entering(None);
        }
    }

    fn finish(self) {
        *HANDOVER.lock().unwrap_or_else(PoisonError::into_inner) = self.outer;
        if let Some(started) = self.started {
            log::summary(self.ran, self.failed, started);
        }
    }
}

/// Calls one handler, reporting its failure; true if it failed.
fn invoke(origin: &Origin, started: Option<Instant>, handler: impl FnOnce() -> Outcome) -> bool {
    let result = {
        let _in_handler = Mark::in_handler();
        panic::catch_unwind(AssertUnwindSafe(handler))
    };
    let elapsed = || started.map_or(Duration::ZERO, |started| started.elapsed());
    match result {
        Ok(Ok(())) => false,
        Ok(Err(Failed::Error(message))) => {
            report::handler_failed(origin, FailureKind::Returned, &message, None, elapsed());
            true
        }
        Ok(Err(Failed::TimedOut(limit))) => {
            let message = crate::run::failure::limit_message(limit);
            report::handler_failed(origin, FailureKind::TimedOut, &message, None, elapsed());
            true
        }
        Err(payload) => {
            let failed = !payload.is::<ExitRequest>();
            if failed {
                report::handler_panicked(origin, failure::panic_message(&*payload), elapsed());
            }
            report::drop_handler_payload(origin, payload);
            failed
        }
    }
}
