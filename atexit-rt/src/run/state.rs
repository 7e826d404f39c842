//! The shutdown's state, one owner for all of it: the lock that serialises runs, what started the
//! run in progress (or the last one), the status a handler asked for with `atexit::exit`, and the
//! handled signal the shutdown is for. Reached through functions; a forked child resets it with
//! one call ([`forget_parent_run`]).

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicU8, Ordering};
use std::time::Duration;

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
    /// The lock, if no run is in progress.
    pub(crate) fn try_acquire() -> Option<RunLock> {
        RUN.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| RunLock(()))
    }

    /// The lock, once the run in progress (if any) is over.
    pub(crate) fn acquire() -> RunLock {
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

/// What started a run, and so how the process ends after it (`end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cause {
    /// The process is exiting: the exit hook runs the handlers (or, in a shared library, the
    /// library is being unloaded).
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

/// Records what started the run this thread is starting.
pub(crate) fn set_cause(cause: Cause) {
    CAUSE.store(cause as u8, Ordering::SeqCst);
}

/// What started the run in progress, or the last one.
pub(crate) fn cause() -> Cause {
    match CAUSE.load(Ordering::SeqCst) {
        c if c == Cause::Explicit as u8 => Cause::Explicit,
        c if c == Cause::Signal as u8 => Cause::Signal,
        c if c == Cause::Panic as u8 => Cause::Panic,
        _ => Cause::Exit,
    }
}

/// True while a thread runs the handlers because the process is exiting (the exit hook is running).
#[cfg_attr(not(unix), allow(dead_code))]
pub(crate) fn exiting_elsewhere() -> bool {
    RUN.load(Ordering::Acquire) && cause() == Cause::Exit
}

const NONE: i64 = i64::MIN;
static REQUESTED: AtomicI64 = AtomicI64::new(NONE);

/// The unwind payload that ends a handler which called `atexit::exit`; not a failure.
pub(crate) struct ExitRequest;

/// A handler asked for status `code` with `atexit::exit`; the last one asked wins.
pub(crate) fn request(code: i32) {
    REQUESTED.store(i64::from(code), Ordering::SeqCst);
}

/// The status a handler asked for with `atexit::exit`, if any.
pub(crate) fn requested() -> Option<i32> {
    match REQUESTED.load(Ordering::SeqCst) {
        NONE => None,
        status => i32::try_from(status).ok(),
    }
}

/// The request the handlers are running for, once the runtime's signal thread has taken it (a
/// signal number, or a console control event plus one); 0 before.
static SIGNALLED: AtomicI32 = AtomicI32::new(0);

/// The shutdown is for the handled signal (or console event) `request`.
#[cfg_attr(not(feature = "signals"), allow(dead_code))]
pub(crate) fn set_signalled(request: i32) {
    SIGNALLED.store(request, Ordering::SeqCst);
}

/// The request the handlers ran for, if a handled signal started the shutdown.
pub(crate) fn signalled() -> Option<i32> {
    match SIGNALLED.load(Ordering::SeqCst) {
        0 => None,
        request => Some(request),
    }
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
    REQUESTED.store(NONE, Ordering::SeqCst);
    SIGNALLED.store(0, Ordering::SeqCst);
    RUN.store(false, Ordering::Release);
}
