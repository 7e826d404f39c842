//! What the current thread is doing for the runtime.
//!
//! These thread-locals are const-initialised and have no destructor, so they stay readable after the
//! thread's other thread-locals are gone, as they are on the main thread by the time exit hooks run.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::registry::origin::Origin;

thread_local! {
    static IN_HANDLER: Cell<bool> = const { Cell::new(false) };
    /// The sequence number of the run-time handler this thread runs (`usize::MAX`: none).
    static SEQUENCE: Cell<usize> = const { Cell::new(usize::MAX) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// The handler this thread runs and when it started (if timed), for the panic hook to name
    /// when the handler's thread cannot go on.
    static HANDLER: Cell<Option<(Origin, Option<Instant>)>> = const { Cell::new(None) };
}

/// Records the handler this thread is about to run, and when it starts if it is timed.
pub(crate) fn set_handler(origin: Origin, started: Option<Instant>) {
    let _ = HANDLER.try_with(|h| h.set(Some((origin, started))));
}

/// The handler this thread runs or ran last, as [`set_handler`] recorded it.
pub(crate) fn current() -> Option<(Origin, Option<Instant>)> {
    HANDLER.try_with(Cell::get).ok().flatten()
}

/// The handler this thread runs or ran last, and how long it has run (zero if not timed).
#[cfg_attr(all(target_family = "wasm", target_os = "unknown"), allow(dead_code))]
pub(crate) fn handler() -> (Option<Origin>, Duration) {
    match current() {
        Some((origin, started)) => (
            Some(origin),
            started.map_or(Duration::ZERO, |s| s.elapsed()),
        ),
        None => (None, Duration::ZERO),
    }
}

/// This thread is no longer in a handler, although the handler's frame never returns: it
/// panicked in a way that cannot be unwound.
#[cfg_attr(all(target_family = "wasm", target_os = "unknown"), allow(dead_code))]
pub(crate) fn leave_handler() {
    let _ = IN_HANDLER.try_with(|c| c.set(false));
}

/// Records the sequence number of the run-time handler this thread is about to run, or `None` once
/// it ran.
pub(crate) fn set_sequence(sequence: Option<usize>) {
    let _ = SEQUENCE.try_with(|s| s.set(sequence.unwrap_or(usize::MAX)));
}

/// The sequence number of the run-time handler this thread runs, if it was recorded.
pub(crate) fn sequence() -> Option<usize> {
    match SEQUENCE.try_with(Cell::get) {
        Ok(usize::MAX) | Err(_) => None,
        Ok(sequence) => Some(sequence),
    }
}

/// True while this thread is inside a handler.
pub(crate) fn in_handler() -> bool {
    IN_HANDLER.try_with(Cell::get).unwrap_or(false)
}

/// True while this thread is running the handlers.
pub(crate) fn running() -> bool {
    RUNNING.try_with(Cell::get).unwrap_or(false)
}

/// Marks this thread as in a handler, or as running the handlers, until the guard drops.
pub(crate) struct Mark {
    cell: &'static std::thread::LocalKey<Cell<bool>>,
    was: bool,
}

impl Mark {
    fn set(cell: &'static std::thread::LocalKey<Cell<bool>>) -> Mark {
        let was = cell.try_with(|c| c.replace(true)).unwrap_or(false);
        Mark { cell, was }
    }

    pub(crate) fn in_handler() -> Mark {
        Mark::set(&IN_HANDLER)
    }

    pub(crate) fn running() -> Mark {
        Mark::set(&RUNNING)
    }
}

impl Drop for Mark {
    fn drop(&mut self) {
        let was = self.was;
        let _ = self.cell.try_with(|c| c.set(was));
    }
}
