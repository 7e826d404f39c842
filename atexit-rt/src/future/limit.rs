//! A handler's future that outlived its own limit.

use std::time::Duration;

use crate::registry::handler::Failed;

/// The future was still pending at its limit, and was dropped.
pub(crate) struct TimedOut;

/// The failure of a handler whose future was dropped at its limit.
pub(crate) fn timed_out(limit: Option<Duration>) -> Failed {
    Failed::TimedOut(limit.unwrap_or_default())
}
