//! A handler's future that outlived its own limit.

use std::time::Duration;

/// The future was still pending at its limit, and was dropped.
pub(crate) struct TimedOut;

/// The failure of a handler whose future was dropped at its limit.
pub(crate) fn timed_out(limit: Option<Duration>) -> String {
    format!(
        "timed out: still running after {:?}, its own limit; the future was dropped",
        limit.unwrap_or_default()
    )
}
