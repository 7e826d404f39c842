//! Reporting a handler that failed, once, on stderr.

use std::io::Write;
use std::panic::{self, PanicHookInfo};
use std::sync::{Arc, OnceLock};
use std::thread;

use crate::registry::origin::Origin;
use crate::run::context;

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

/// What the panic hook does with a handler's panic that cannot be caught (`panic = "abort"`),
/// handed down by the layer that owns the panic hook (`entry::panic_hook`) when it installs it.
pub(crate) type HandlerPanicked = fn(&PanicHookInfo<'_>);

static HANDLER_PANICKED: OnceLock<HandlerPanicked> = OnceLock::new();

/// Sets what a run's panic hook does with a handler's panic it cannot leave to be caught.
// wasm32-unknown-unknown has nothing before `main` to install the panic hook from.
#[cfg_attr(
    any(
        not(panic = "abort"),
        all(target_family = "wasm", target_os = "unknown")
    ),
    allow(dead_code)
)]
pub(crate) fn on_handler_panic(handler_panicked: HandlerPanicked) {
    let _ = HANDLER_PANICKED.set(handler_panicked);
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
                // Under `panic = "unwind"` the runtime reports it once caught; under `panic =
                // "abort"` it cannot be caught, and is handed up.
                if cfg!(panic = "abort") {
                    if let Some(handler_panicked) = HANDLER_PANICKED.get() {
                        handler_panicked(info);
                    }
                }
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
