//! The `tokio` feature: async handlers run inside a tokio runtime, so that their futures can use
//! tokio's I/O and timers.
//!
//! Which runtime: the program's, if the run was started by a handled signal (the program is then
//! still running, typically inside `#[tokio::main]`) and a handler was registered from inside a
//! runtime; otherwise a current-thread runtime made for the runs, with every driver tokio was
//! built with. The program's runtime is known from the last `register_async` made inside one.
//!
//! Each async handler is made and run on a thread of its own: at exit the thread that runs the
//! handlers may have lost its thread-locals already (the main thread's are destroyed before the
//! exit hooks run), and tokio cannot enter a runtime without them.

#[cfg(target_family = "wasm")]
compile_error!(
    "the `tokio` feature of `atexit` needs threads (each async handler runs inside a tokio runtime \
     on a thread of its own), which WebAssembly has not; build without the feature: async handlers \
     then run on the built-in executor"
);

use std::any::Any;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use ::tokio::runtime::{Builder, Handle, Runtime};

use crate::future::limit::{timed_out, TimedOut};
use crate::registry::handler::{outcome, Failed, HandlerResult, Outcome};
use crate::run::state::{self, Cause};

/// The program's runtime, from the last `register_async` made inside one.
static PROGRAM: Mutex<Option<Handle>> = Mutex::new(None);

/// The runtime made for the runs once one needed it, while no async handler runs on it; kept until
/// the process ends.
static MADE: Mutex<Option<Runtime>> = Mutex::new(None);

/// Notes the runtime `register_async` is called from, if any.
pub(crate) fn remember_program_runtime() {
    if let Ok(handle) = Handle::try_current() {
        *PROGRAM.lock().unwrap_or_else(PoisonError::into_inner) = Some(handle);
    }
}

type Finished = Result<Outcome, Box<dyn Any + Send>>;

/// Runs the handler `make` makes on a thread of its own, inside a runtime; a panic in it is
/// raised again here, so that it is reported as any handler's.
pub(crate) fn call<M, F>(make: M, limit: Option<Duration>) -> Outcome
where
    M: FnOnce() -> F + Send + 'static,
    F: Future,
    F::Output: HandlerResult,
{
    let program = match state::cause() {
        Cause::Signal => PROGRAM
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone(),
        _ => None,
    };
    let finished: Arc<Mutex<Option<Finished>>> = Arc::default();
    let slot = Arc::clone(&finished);
    let handler = crate::run::context::current();
    let job = move || {
        // The thread is in the handler, as the one that runs the handlers would be: `atexit::exit`
        // ends the handler (its unwinding is raised again there), and under `panic = "abort"` a
        // panic is reported as this handler's.
        let _in_handler = crate::run::context::Mark::in_handler();
        if let Some((origin, started)) = handler {
            crate::run::context::set_handler(origin, started);
        }
        let result = panic::catch_unwind(AssertUnwindSafe(move || {
            let future = Limited::new(make(), limit);
            let result = match program {
                Some(handle) => handle.block_on(future),
                None => made(|runtime| runtime.block_on(future)),
            };
            match result {
                Ok(output) => outcome(output),
                Err(TimedOut) => Err(timed_out(limit)),
            }
        }));
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
    };
    match crate::sys::thread::spawn(job) {
        Ok(thread) => thread.join(),
        Err(error) => {
            return Err(Failed::Error(format!(
                "cannot start a thread to run it: {error}"
            )))
        }
    }
    let result = finished
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    match result {
        Some(Ok(outcome)) => outcome,
        Some(Err(payload)) => panic::resume_unwind(payload),
        None => Err(Failed::Error(
            "its thread ended without a result".to_owned(),
        )),
    }
}

/// Runs `f` with the runtime made for the runs, making it the first time. The runtime is out of
/// its slot while `f` runs: under `panic = "abort"`, a handler that panics or calls
/// `atexit::exit` never returns from `f` (its thread waits in the panic hook while the run goes on
/// on another thread), and the next async handler must not wait for this lock or for the driver
/// that thread holds; it makes a runtime of its own.
fn made<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    let taken = MADE.lock().unwrap_or_else(PoisonError::into_inner).take();
    let runtime = taken.unwrap_or_else(|| {
        Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread tokio runtime can be built")
    });
    let result = f(&runtime);
    *MADE.lock().unwrap_or_else(PoisonError::into_inner) = Some(runtime);
    result
}

/// A future that gives up at `until`: it is then dropped by whoever polls it.
struct Limited<F> {
    future: Pin<Box<F>>,
    until: Option<Instant>,
    timer: bool,
}

impl<F> Limited<F> {
    fn new(future: F, limit: Option<Duration>) -> Limited<F> {
        Limited {
            future: Box::pin(future),
            until: limit.and_then(|limit| Instant::now().checked_add(limit)),
            timer: false,
        }
    }
}

impl<F: Future> Future for Limited<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(output) = self.future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        let Some(until) = self.until else {
            return Poll::Pending;
        };
        let now = Instant::now();
        if now >= until {
            return Poll::Ready(Err(TimedOut));
        }
        // Wakes the task at the limit without tokio's timer, which a runtime may lack.
        if !self.timer {
            self.timer = true;
            let waker = cx.waker().clone();
            let started = std::thread::Builder::new()
                .name("atexit-limit".into())
                .spawn(move || {
                    std::thread::sleep(until - now);
                    waker.wake();
                });
            if started.is_err() {
                // No timer: give up now rather than never.
                return Poll::Ready(Err(TimedOut));
            }
        }
        Poll::Pending
    }
}
