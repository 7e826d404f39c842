//! Reporting a handler that failed, once: to the program's failure hook if it set one, otherwise as
//! one line on stderr. Also what the runtime itself has to say, and the panic hook a run installs
//! to keep handlers' panics for its report.

use std::backtrace::Backtrace;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::thread;
use std::time::Duration;

use crate::registry::origin::Origin;
use crate::run::context;
use crate::run::failure::{self, Failure, FailureKind, PanicPlace};
use crate::sys::failure::panic_message;

type FailureHook = dyn Fn(&Failure<'_>) + Send + Sync;

static HOOK: RwLock<Option<Arc<FailureHook>>> = RwLock::new(None);
static HOOKED: AtomicBool = AtomicBool::new(false);

/// Sends every handler's failure to `hook` instead of stderr, as Python's `sys.unraisablehook`
/// does for the exceptions of its exit handlers.
///
/// The hook receives each failure as data, [`Failure`]: the handler's name and place, how it
/// failed (a panic, an `Err`, its own limit, the deadline of the run), the message, where it
/// panicked, its backtrace when `RUST_BACKTRACE` asks for one, and how long it ran. The runtime
/// writes nothing to stderr for a failure the hook received. A later call replaces the hook; the
/// default writes `atexit: {failure:#}` to stderr.
///
/// It runs on the thread that runs the handlers, after the failed handler, except for a handler
/// past the run's deadline: then it runs on the thread that watches the deadline, while the handler
/// still runs, and the process exits once it returns or after 100 ms, whichever comes first. It
/// must not panic: under `panic = "unwind"` a panic in it is caught and the failure written to
/// stderr; where the failure is reported from the panic hook (every panic under `panic = "abort"`,
/// and a handler's `std::process::exit`) it aborts the process, as any panic in a panic hook does.
///
/// ```
/// atexit::set_failure_hook(|failure| {
///     // log::error!(target: "shutdown", "{failure}"), or tracing::error!(%failure)
///     eprintln!("shutdown: {failure}");
/// });
/// atexit::register(|| std::fs::remove_file("/nonexistent/app.pid"));
/// atexit::run_exitfuncs(); // shutdown: handler closure at src/main.rs:6:1 failed: No such file...
/// ```
pub fn set_failure_hook(hook: impl Fn(&Failure<'_>) + Send + Sync + 'static) {
    *HOOK.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(hook));
    HOOKED.store(true, Ordering::Release);
}

/// True once the program set a failure hook: each handler's run is then timed.
pub(crate) fn hooked() -> bool {
    HOOKED.load(Ordering::Acquire)
}

fn hook() -> Option<Arc<FailureHook>> {
    if !hooked() {
        return None;
    }
    HOOK.read().unwrap_or_else(PoisonError::into_inner).clone()
}

/// What is known of a handler's panic: where, and its backtrace if one is wanted.
pub(crate) struct PanicRecord {
    place: Option<PanicPlace>,
    backtrace: Option<Backtrace>,
    /// The standard library refused a nested `std::process::exit`.
    process_exit: bool,
}

/// The message of the panic the standard library raises when `std::process::exit` is called while
/// the process exits (it cannot be unwound).
const PROCESS_EXIT: &str = "std::process::exit called re-entrantly";

impl PanicRecord {
    /// Reads a panic in the panic hook, where its place and stack are still at hand.
    pub(crate) fn of(info: &PanicHookInfo<'_>) -> PanicRecord {
        let process_exit = panic_message(info.payload()) == PROCESS_EXIT;
        PanicRecord {
            // The place of a refused `exit` is in the standard library: the backtrace says where
            // the handler called it.
            place: info
                .location()
                .filter(|_| !process_exit)
                .map(|location| PanicPlace {
                    file: location.file().to_owned(),
                    line: location.line(),
                    column: location.column(),
                }),
            backtrace: failure::backtrace_wanted().then(Backtrace::force_capture),
            process_exit,
        }
    }
}

/// The last handler panic the run's panic hook saw; a run is on one thread at a time.
static LAST_PANIC: Mutex<Option<PanicRecord>> = Mutex::new(None);

/// A handler panicked, with `payload` as its panic's payload (`None`: it returned `Err`, with
/// `message`, or failed otherwise as `kind` says).
pub(crate) fn handler_failed(
    origin: &Origin,
    kind: FailureKind,
    message: &str,
    panic: Option<&PanicRecord>,
    elapsed: Duration,
) {
    let kind = match panic {
        Some(record) if record.process_exit => FailureKind::ProcessExit,
        _ => kind,
    };
    let failure = Failure {
        origin,
        kind,
        message,
        panic: panic.and_then(|record| record.place.as_ref()),
        backtrace: panic.and_then(|record| record.backtrace.as_ref()),
        elapsed,
    };
    let Some(hook) = hook() else {
        write(&failure);
        return;
    };
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| hook(&failure))) {
        write(&failure);
        warn(&format!(
            "the failure hook panicked: {}",
            panic_message(&*payload)
        ));
        crate::sys::failure::drop_payload(payload);
    }
}

/// A handler caught by a panic, after the run's panic hook saw it.
pub(crate) fn handler_panicked(origin: &Origin, message: &str, elapsed: Duration) {
    let record = LAST_PANIC
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    handler_failed(
        origin,
        FailureKind::Panicked,
        message,
        record.as_ref(),
        elapsed,
    );
}

/// Drops the payload of a handler's panic. A panic in its destructor is caught as the handler's
/// own would be (not printed by the standard hook in the middle of the run) and said on one line.
pub(crate) fn drop_handler_payload(origin: &Origin, payload: Box<dyn std::any::Any + Send>) {
    let dropped = {
        let _in_handler = context::Mark::in_handler();
        panic::catch_unwind(AssertUnwindSafe(move || drop(payload)))
    };
    if let Err(again) = dropped {
        drop(
            LAST_PANIC
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        warn(&format!(
            "the panic payload of handler {origin} panicked when dropped: {}",
            panic_message(&*again)
        ));
        crate::sys::failure::drop_payload(again);
    }
}

/// A handler still running past the run's deadline, from the thread that watches it: the handler's
/// thread may hold the lock of stderr, so the default report goes to the descriptor, and a hook
/// gets [`BOUND`] to return.
pub(crate) fn past_deadline(origin: Origin, message: String, elapsed: Duration) {
    let line = || format!("atexit: handler {origin} timed out: {message}\n");
    let Some(hook) = hook() else {
        crate::sys::write_stderr(line().as_bytes());
        return;
    };
    let owned = message.clone();
    let reported = crate::sys::thread::run_within(BOUND, move || {
        let failure = Failure {
            origin: &origin,
            kind: FailureKind::PastDeadline,
            message: &owned,
            panic: None,
            backtrace: None,
            elapsed,
        };
        let _ = panic::catch_unwind(AssertUnwindSafe(|| hook(&failure)));
    });
    if !matches!(reported, Ok(true)) {
        crate::sys::write_stderr(line().as_bytes());
    }
}

/// How long the failure hook may take for a handler past the deadline.
const BOUND: Duration = Duration::from_millis(100);

/// Writes the default report: `atexit: <failure>`, with the backtrace. Errors writing to stderr are
/// ignored: nothing may fail at exit because stderr is closed.
fn write(failure: &Failure<'_>) {
    let _ = writeln!(std::io::stderr(), "atexit: {failure:#}");
}

/// `atexit: <message>`, for what the runtime itself has to say.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "atexit: {message}");
}

/// What the panic hook does with a handler whose thread cannot go on: it panicked under `panic =
/// "abort"`, or called `std::process::exit`, which cannot unwind. Handed down by the layer that
/// owns the panic hook (`entry::panic_hook`) before `main`.
pub(crate) type HandlerStuck = fn(&PanicHookInfo<'_>);

static HANDLER_STUCK: OnceLock<HandlerStuck> = OnceLock::new();

/// Sets what a run's panic hook does with a handler whose thread cannot go on.
// wasm32-unknown-unknown has nothing before `main` to call it from.
#[cfg_attr(all(target_family = "wasm", target_os = "unknown"), allow(dead_code))]
pub(crate) fn on_handler_stuck(handler_stuck: HandlerStuck) {
    let _ = HANDLER_STUCK.set(handler_stuck);
}

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// While alive, the panic hook keeps panics inside handlers on this runner's thread for the
/// runtime's report instead of printing them; every other panic goes to the hook that was
/// installed before.
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
            if !context::in_handler() {
                delegate(info);
                return;
            }
            // Under `panic = "abort"`, and for a refused `exit`, the panic cannot be caught: the
            // handler's thread cannot go on, and the run is handed up.
            let stuck = cfg!(panic = "abort") || panic_message(info.payload()) == PROCESS_EXIT;
            if stuck {
                if let Some(handler_stuck) = HANDLER_STUCK.get() {
                    handler_stuck(info);
                }
            } else {
                // The runtime reports it once caught.
                *LAST_PANIC.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(PanicRecord::of(info));
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
