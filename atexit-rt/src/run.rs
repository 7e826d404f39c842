//! Running the handlers: last registered, first run; failures reported, never stopping the rest.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
#[cfg(panic = "abort")]
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::context::{self, Mark};
use crate::deadline::{self, Watch};
use crate::exit::{self, ExitRequest};
use crate::future;
use crate::handler::Outcome;
use crate::log;
use crate::origin::Origin;
use crate::registry::{self, Cursor};
use crate::report::{self, QuietHandlerPanics};
use crate::statics;

/// Serialises runs, so that a thread that calls `exit` while another thread runs the handlers waits
/// for them instead of ending the process half-way. Registration never takes it.
///
/// A flag rather than a `Mutex`, so that the child of a `fork` made while another thread ran the
/// handlers can free it (`forget_parent_run`): that thread does not exist in the child. Waiting for
/// it polls, which only a thread that exits while another runs the handlers ever does.
static RUN: AtomicBool = AtomicBool::new(false);

/// Holding the lock of runs; dropping it lets the next run start.
pub(crate) struct RunLock(());

impl RunLock {
    fn try_acquire() -> Option<RunLock> {
        RUN.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| RunLock(()))
    }

    fn acquire() -> RunLock {
        let mut attempt = 0u32;
        loop {
            if let Some(lock) = RunLock::try_acquire() {
                return lock;
            }
            if attempt < 100 {
                std::thread::yield_now();
            } else {
                std::thread::sleep(Duration::from_millis(1));
            }
            attempt = attempt.saturating_add(1);
        }
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        RUN.store(false, Ordering::Release);
    }
}

/// What started a run, and so what ends the process if the thread running it cannot go on (a
/// handler panicked under `panic = "abort"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The process is exiting: the exit hook runs the handlers.
    Exit,
    /// The program called `run_exitfuncs`.
    Explicit,
    /// A handled signal or console event.
    #[cfg_attr(not(feature = "signals"), allow(dead_code))]
    Signal,
    /// A panic about to abort the process (`panic = "abort"`).
    #[cfg_attr(not(panic = "abort"), allow(dead_code))]
    Panic,
}

static CAUSE: AtomicU8 = AtomicU8::new(Cause::Exit as u8);

/// What started the run in progress, or the last one.
#[cfg_attr(not(panic = "abort"), allow(dead_code))]
pub(crate) fn cause() -> Cause {
    match CAUSE.load(Ordering::SeqCst) {
        c if c == Cause::Explicit as u8 => Cause::Explicit,
        c if c == Cause::Signal as u8 => Cause::Signal,
        c if c == Cause::Panic as u8 => Cause::Panic,
        _ => Cause::Exit,
    }
}

/// Runs every registered handler now, last registered first (Python's `atexit._run_exitfuncs`).
///
/// A handler that ran is gone: it does not run again at exit. Handlers registered afterwards run at
/// exit as usual. Called from inside a handler it does nothing (the run in progress goes on). If a
/// handler called [`exit`](crate::exit), the process exits with that status once the run is over.
pub fn run_exitfuncs() {
    if context::in_handler() {
        return;
    }
    run_all(Cause::Explicit);
    if let Some(code) = exit::requested() {
        exit::exit_process(code);
    }
}

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

/// The lock that serialises runs, if no run is in progress.
#[cfg_attr(
    any(
        not(panic = "abort"),
        all(target_family = "wasm", target_os = "unknown")
    ),
    allow(dead_code)
)]
pub(crate) fn try_lock() -> Option<RunLock> {
    RunLock::try_acquire()
}

/// True while a thread runs the handlers because the process is exiting (the exit hook is running).
#[cfg_attr(not(unix), allow(dead_code))]
pub(crate) fn exiting_elsewhere() -> bool {
    RUN.load(Ordering::Acquire) && cause() == Cause::Exit
}

/// In the child of a `fork` made while another thread of the parent ran the handlers, or in the
/// middle of a run for a signal: that thread and its run stay in the parent. The child's own exit
/// must neither wait for them nor end the way they would have: the lock of runs is freed, and what
/// the parent's run decided (its cause, a status a handler asked for, the signal) is forgotten.
/// The handlers it had not taken yet are still registered in the child, and run at its exit.
///
/// Only atomic stores: it runs in the child of `fork`, where only async-signal-safe code may run.
/// Not called if the forking thread is itself running the handlers (a handler forked): the child
/// goes on with that run.
#[cfg_attr(not(unix), allow(dead_code))]
pub(crate) fn forget_parent_run() {
    CAUSE.store(Cause::Exit as u8, Ordering::SeqCst);
    exit::forget_request();
    RUN.store(false, Ordering::Release);
}

/// Runs all pending handlers for `cause`, the lock of runs being held for this thread.
pub(crate) fn run_locked(cause: Cause) {
    CAUSE.store(cause as u8, Ordering::SeqCst);
    pending(Run::start(), cause != Cause::Panic);
}

/// Goes on, on this thread, with the run whose thread cannot go on (`panic = "abort"`): its handler
/// panicked (`failed`) or called `atexit::exit`.
#[cfg(panic = "abort")]
pub(crate) fn resume(failed: bool) {
    let run = HANDOVER
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .map_or_else(Run::start, |mut handover| {
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
    let registry = registry::global();
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
            let limited = future::any_limit();
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
    watch: Option<Watch>,
    started: Option<Instant>,
    ran: usize,
    failed: usize,
}

/// What the thread that goes on with a run takes over: its deadline and its tally so far.
#[cfg(panic = "abort")]
struct Handover {
    log: bool,
    watch: Option<deadline::Handover>,
    started: Option<Instant>,
    ran: usize,
    failed: usize,
}

/// The run in progress, as a thread that goes on with it would take it (`panic = "abort"`).
#[cfg(panic = "abort")]
static HANDOVER: Mutex<Option<Handover>> = Mutex::new(None);

impl Run {
    #[cfg(panic = "abort")]
    fn resume(handover: Handover) -> Run {
        Run {
            log: handover.log,
            watch: handover.watch.map(deadline::Handover::adopt),
            started: handover.started,
            ran: handover.ran,
            failed: handover.failed,
        }
    }

    /// Leaves what another thread needs to go on with this run if this handler panics.
    #[cfg(panic = "abort")]
    fn hand_over(&self, origin: Origin) {
        context::set_handler(origin);
        *HANDOVER.lock().unwrap_or_else(PoisonError::into_inner) = Some(Handover {
            log: self.log,
            watch: self.watch.as_ref().map(Watch::handover),
            started: self.started,
            // The panicking handler counts as run and failed.
            ran: self.ran + 1,
            failed: self.failed + 1,
        });
    }

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
        #[cfg(panic = "abort")]
        self.hand_over(origin);
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
        #[cfg(panic = "abort")]
        drop(
            HANDOVER
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
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
