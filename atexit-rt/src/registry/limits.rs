//! The limits set with `Registration::timeout`, by registration sequence: few, and read once per
//! async handler run, once any was set.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

static LIMITS: Mutex<Vec<(usize, Duration)>> = Mutex::new(Vec::new());
static ANY_LIMIT: AtomicBool = AtomicBool::new(false);

/// Gives the registration `sequence` its own limit.
pub(crate) fn set(sequence: usize, limit: Duration) {
    let mut limits = LIMITS.lock().unwrap_or_else(PoisonError::into_inner);
    ANY_LIMIT.store(true, Ordering::Relaxed);
    limits.retain(|&(s, _)| s != sequence);
    limits.push((sequence, limit));
}

/// True once a registration was given a limit of its own.
#[inline]
pub(crate) fn any() -> bool {
    ANY_LIMIT.load(Ordering::Relaxed)
}

/// The limit of the registration `sequence`, if it has one.
pub(crate) fn of(sequence: usize) -> Option<Duration> {
    if !any() {
        return None;
    }
    LIMITS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|&&(s, _)| s == sequence)
        .map(|&(_, limit)| limit)
}
