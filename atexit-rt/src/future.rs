//! Async handlers: the few lines of executor that drive a handler's future to completion on the
//! thread that runs the handlers, and the limits a handler may carry. The executor needs no async
//! runtime: it polls the future, and between polls sleeps until the future's waker is called (or
//! its limit is reached, and the future is dropped).

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::time::{Duration, Instant};

use crate::handler::{HandlerResult, Outcome};

/// The executor of the default build; with the `tokio` feature, tokio's runtimes run the futures.
#[cfg_attr(feature = "tokio", allow(dead_code))]
mod executor {
    use super::*;

    /// What a waker sets, and the thread blocked in `block_on` waits for.
    pub(super) struct Signal {
        woken: Mutex<bool>,
        wake: Condvar,
    }

    impl Signal {
        pub(super) const fn new() -> Signal {
            Signal {
                woken: Mutex::new(false),
                wake: Condvar::new(),
            }
        }

        pub(super) fn notify(&self) {
            *self.woken.lock().unwrap_or_else(PoisonError::into_inner) = true;
            self.wake.notify_one();
        }
    }

    /// The signal of the runs of the handlers. Runs never overlap (the lock of runs), so one thread at
    /// most waits on it: it needs no allocation and no reference count, and a waker of it is a plain
    /// pointer-free value. A waker kept from an earlier handler's future may still wake it; that is a
    /// spurious wake-up, after which the current future is polled again, as futures allow.
    pub(super) static RUN_SIGNAL: Signal = Signal::new();

    /// The waker of `RUN_SIGNAL`: cloning and dropping it cost nothing, waking it notifies the signal.
    static RUN_WAKER: RawWakerVTable = RawWakerVTable::new(
        |_| RawWaker::new(std::ptr::null(), &RUN_WAKER),
        |_| RUN_SIGNAL.notify(),
        |_| RUN_SIGNAL.notify(),
        |_| {},
    );

    pub(super) fn run_waker() -> Waker {
        // SAFETY: the vtable's functions ignore the data pointer, touch only the static signal (which
        // is `Sync`), and meet `RawWakerVTable`'s contract: clone returns an equivalent waker, wake
        // and wake_by_ref notify, drop has nothing to release.
        unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &RUN_WAKER)) }
    }

    /// Polls `future` to completion on this thread, sleeping on `signal`, which `waker` notifies;
    /// `Err` if `limit` passed first (the future is then dropped, which cancels it).
    pub(super) fn block_on<F: Future>(
        future: F,
        limit: Option<Duration>,
        signal: &Signal,
        waker: &Waker,
    ) -> Result<F::Output, TimedOut> {
        // A limit too far away to represent is no limit.
        let until = limit.and_then(|limit| Instant::now().checked_add(limit));
        let mut context = Context::from_waker(waker);
        let mut future = pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
                return Ok(output);
            }
            let mut woken = signal.woken.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                let now = Instant::now();
                if until.is_some_and(|until| now >= until) {
                    return Err(TimedOut);
                }
                if *woken {
                    break;
                }
                woken = match until {
                    None => signal
                        .wake
                        .wait(woken)
                        .unwrap_or_else(PoisonError::into_inner),
                    Some(until) => {
                        signal
                            .wake
                            .wait_timeout(woken, until - now)
                            .unwrap_or_else(PoisonError::into_inner)
                            .0
                    }
                };
            }
            *woken = false;
        }
    }
}

/// The future was still pending at its limit, and was dropped.
pub(crate) struct TimedOut;

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
    return crate::on_tokio::call(make, limit);
    #[cfg(not(feature = "tokio"))]
    match executor::block_on(make(), limit, &executor::RUN_SIGNAL, &executor::run_waker()) {
        Ok(result) => result.into_outcome(),
        Err(TimedOut) => Err(timed_out(limit)),
    }
}

/// The failure of a handler whose future was dropped at its limit.
pub(crate) fn timed_out(limit: Option<Duration>) -> String {
    format!(
        "timed out: still running after {:?}, its own limit; the future was dropped",
        limit.unwrap_or_default()
    )
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

/// The limits set with `Registration::timeout`, by registration sequence: few, and read once per
/// async handler run, once any was set.
static LIMITS: Mutex<Vec<(usize, Duration)>> = Mutex::new(Vec::new());
static ANY_LIMIT: AtomicBool = AtomicBool::new(false);

/// Gives the registration `sequence` its own limit.
pub(crate) fn set_limit(sequence: usize, limit: Duration) {
    let mut limits = LIMITS.lock().unwrap_or_else(PoisonError::into_inner);
    ANY_LIMIT.store(true, Ordering::Relaxed);
    limits.retain(|&(s, _)| s != sequence);
    limits.push((sequence, limit));
}

/// True once a registration was given a limit of its own.
#[inline]
pub(crate) fn any_limit() -> bool {
    ANY_LIMIT.load(Ordering::Relaxed)
}

/// The limit of the registration `sequence`, if it has one.
pub(crate) fn limit_of(sequence: usize) -> Option<Duration> {
    if !any_limit() {
        return None;
    }
    LIMITS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|&&(s, _)| s == sequence)
        .map(|&(_, limit)| limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::Wake;

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
        assert_eq!(
            outcome,
            Err("timed out: still running after 5ms, its own limit; the future was dropped".into())
        );
        assert_eq!(
            call(|| async { Err::<(), _>("no disk") }, None),
            Err("no disk".into())
        );
    }
}
