//! What the runtime does with failures of its own: a panic payload's message, dropping a payload
//! without letting its destructor's panic escape, and the end of a process that cannot go on.

use std::any::Any;
use std::io::Write;
use std::panic;

/// The message of a panic payload, as the standard panic hook would show it.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&'static str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "Box<dyn Any>"
    }
}

/// Drops a panic payload without letting a panic in its destructor escape.
pub(crate) fn drop_payload(payload: Box<dyn Any + Send>) {
    if let Err(again) = panic::catch_unwind(panic::AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(again);
    }
}

/// Ends the process after a failure the runtime cannot recover from: `atexit: <message>` on
/// stderr, then `abort`.
#[cold]
pub(crate) fn fatal(message: &str) -> ! {
    let _ = writeln!(std::io::stderr(), "atexit: {message}");
    std::process::abort()
}
