//! Reporting a handler that failed, once, on stderr.

use std::any::Any;
use std::io::Write;
use std::panic::{self, PanicHookInfo};
use std::sync::Arc;
use std::thread;

use crate::context;
use crate::origin::Origin;

/// `atexit: handler <name> (<file>:<line>) failed: <message>` (for a closure, `handler closure at
/// <file>:<line>:<column> failed`). Errors writing to stderr are ignored: nothing may fail at exit
/// because stderr is closed.
pub(crate) fn failed(origin: &Origin, message: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "atexit: handler {origin} failed: {message}"
    );
}

/// `atexit: <message>`, for what the runtime itself has to say.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "atexit: {message}");
}

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

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// While alive, the panic hook stays quiet for panics inside handlers on this runner's thread, since
/// the runtime reports them itself; every other panic goes to the hook that was installed before.
pub(crate) struct QuietHandlerPanics {
    previous: Option<Arc<Hook>>,
}

impl QuietHandlerPanics {
    pub(crate) fn install() -> Self {
        // The hook cannot be changed from a thread that is panicking (an exit from a destructor
        // during unwinding): the standard hook then prints handler panics too.
        if thread::panicking() {
            return QuietHandlerPanics { previous: None };
        }
        let previous = Arc::new(panic::take_hook());
        let delegate = Arc::clone(&previous);
        panic::set_hook(Box::new(move |info| {
            if context::in_handler() {
                // Under `panic = "unwind"` the runtime reports it once caught.
                #[cfg(panic = "abort")]
                crate::abort::handler_panicked(info);
            } else {
                delegate(info);
            }
        }));
        QuietHandlerPanics {
            previous: Some(previous),
        }
    }
}

impl Drop for QuietHandlerPanics {
    fn drop(&mut self) {
        let Some(previous) = self.previous.take() else {
            return;
        };
        if thread::panicking() {
            return;
        }
        drop(panic::take_hook());
        match Arc::try_unwrap(previous) {
            Ok(hook) => panic::set_hook(hook),
            Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
        }
    }
}

/// Ends the process after a failure the runtime cannot recover from.
#[cold]
pub(crate) fn fatal(message: &str) -> ! {
    warn(message);
    std::process::abort()
}
