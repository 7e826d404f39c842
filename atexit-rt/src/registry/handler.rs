//! What a handler is allowed to return, and how arguments reach it.

use std::fmt::Display;
use std::time::Duration;

/// The result of one handler run.
pub type Outcome = Result<(), Failed>;

/// How a handler that did not panic failed.
#[derive(Debug, PartialEq, Eq)]
pub enum Failed {
    /// It returned `Err`, with this message.
    Error(String),
    /// Its future was still pending at its own limit, and was dropped.
    TimedOut(Duration),
}

/// A handler's return type: `()` or `Result<(), E>` with `E: Display`.
///
/// An `Err` is reported with the error's `Display` (the run goes on, and the exit status stays as
/// it was). Implement it for a return type of your own to say what counts as a failure:
///
/// ```
/// enum Flushed { All, Some(usize) }
///
/// impl atexit::HandlerResult for Flushed {
///     fn into_outcome(self) -> Result<(), String> {
///         match self {
///             Flushed::All => Ok(()),
///             Flushed::Some(lost) => Err(format!("{lost} records were not flushed")),
///         }
///     }
/// }
///
/// atexit::register(|| Flushed::Some(3)); // atexit: handler closure at ... failed: 3 records were not flushed
/// # atexit::clear();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a return type an exit handler can have",
    label = "an exit handler returns `()` or `Result<(), E>` where `E: Display`",
    note = "an `async fn` or a future is registered with `atexit::register_async(future)` or \
            `atexit::register_async_with!(f, args...)`; with `#[atexit::register]`, write `async fn`"
)]
pub trait HandlerResult {
    /// `Ok(())` for success, or `Err` with the message to report.
    fn into_outcome(self) -> Result<(), String>;
}

/// What a registered call returns, as the run keeps it: a handler's result, or an async handler's
/// [`Outcome`], which may be its own limit's.
pub(crate) trait IntoOutcome {
    fn into_run_outcome(self) -> Outcome;
}

impl<R: HandlerResult> IntoOutcome for R {
    #[inline]
    fn into_run_outcome(self) -> Outcome {
        self.into_outcome().map_err(Failed::Error)
    }
}

// No overlap: `Failed` is this crate's and is not `Display`.
impl IntoOutcome for Outcome {
    #[inline]
    fn into_run_outcome(self) -> Outcome {
        self
    }
}

impl HandlerResult for () {
    #[inline]
    fn into_outcome(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: Display> HandlerResult for Result<(), E> {
    #[inline]
    fn into_outcome(self) -> Result<(), String> {
        self.map_err(|e| e.to_string())
    }
}

/// The [`Outcome`] of a handler's return value.
#[inline]
pub fn outcome<R: HandlerResult>(result: R) -> Outcome {
    result.into_run_outcome()
}
