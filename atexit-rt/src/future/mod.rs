//! Async handlers: a handler's future run to completion in its turn, by the built-in executor
//! (`executor.rs`) or, with the `tokio` feature, inside a tokio runtime (`on_tokio.rs`); within its
//! own limit, if it has one (`limit.rs`).

mod executor;
pub(crate) mod limit;
#[cfg(feature = "tokio")]
pub(crate) mod on_tokio;

use std::future::Future;
use std::time::Duration;

#[cfg(not(feature = "tokio"))]
use crate::future::limit::TimedOut;
#[cfg(not(feature = "tokio"))]
use crate::registry::handler::outcome;
use crate::registry::handler::{HandlerResult, Outcome};

/// Runs an async handler to completion in a run of the handlers, as its [`Outcome`]: `make` makes
/// its future, which past `limit` is dropped, and the handler failed. With the `tokio` feature the
/// future is made and run on a thread of its own, inside a tokio runtime (`on_tokio`).
pub(crate) fn call<M, F>(make: M, limit: Option<Duration>) -> Outcome
where
    M: FnOnce() -> F + Send + 'static,
    F: Future,
    F::Output: HandlerResult,
{
    #[cfg(feature = "tokio")]
    return crate::future::on_tokio::call(make, limit);
    #[cfg(not(feature = "tokio"))]
    match executor::block_on(make(), limit, &executor::RUN_SIGNAL, &executor::run_waker()) {
        Ok(result) => outcome(result),
        Err(TimedOut) => Err(limit::timed_out(limit)),
    }
}

/// The outcome of an `#[atexit::register] async fn`: the future `f` makes run to completion,
/// within `limit` if the attribute set one (`timeout = "2s"`).
///
/// Not public API. Used by generated code.
#[doc(hidden)]
pub fn run_static<M, F>(f: M, limit: Option<Duration>) -> Outcome
where
    M: FnOnce() -> F + Send + 'static,
    F: Future,
    F::Output: HandlerResult,
{
    call(f, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    use std::time::Instant;

    use crate::registry::handler::Failed;
    use executor::Signal;

    /// A signal of its own, as tests run at once on several threads.
    struct Own(Signal);

    impl Wake for Own {
        fn wake(self: Arc<Self>) {
            self.0.notify();
        }
    }

    fn block_on<F: Future>(future: F, limit: Option<Duration>) -> Result<F::Output, TimedOut> {
        let own = Arc::new(Own(Signal::new()));
        let waker = Waker::from(Arc::clone(&own));
        executor::block_on(future, limit, &own.0, &waker)
    }

    /// Pending until another thread sets the flag and wakes it.
    struct WokenLater {
        done: Arc<AtomicBool>,
        started: bool,
    }

    impl Future for WokenLater {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.done.load(Ordering::SeqCst) {
                return Poll::Ready(());
            }
            if !self.started {
                self.started = true;
                let (done, waker) = (Arc::clone(&self.done), cx.waker().clone());
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(50));
                    done.store(true, Ordering::SeqCst);
                    waker.wake();
                });
            }
            Poll::Pending
        }
    }

    #[test]
    fn a_future_woken_from_another_thread_completes() {
        let future = WokenLater {
            done: Arc::new(AtomicBool::new(false)),
            started: false,
        };
        let started = Instant::now();
        assert!(block_on(future, None).is_ok());
        assert!(started.elapsed() >= Duration::from_millis(50));
    }

    #[test]
    fn a_future_past_its_limit_is_dropped() {
        struct Dropped(Arc<AtomicBool>);
        impl Drop for Dropped {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let dropped = Arc::new(AtomicBool::new(false));
        let guard = Dropped(Arc::clone(&dropped));
        let future = async move {
            let _guard = guard;
            std::future::pending::<()>().await;
        };
        let started = Instant::now();
        assert!(block_on(future, Some(Duration::from_millis(30))).is_err());
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert!(dropped.load(Ordering::SeqCst));
    }

    #[test]
    fn an_outcome_says_the_limit() {
        // The only test that uses the runs' signal.
        let outcome = call(std::future::pending::<()>, Some(Duration::from_millis(5)));
        assert_eq!(outcome, Err(Failed::TimedOut(Duration::from_millis(5))));
        assert_eq!(
            call(|| async { Err::<(), _>("no disk") }, None),
            Err(Failed::Error("no disk".into()))
        );
    }
}
