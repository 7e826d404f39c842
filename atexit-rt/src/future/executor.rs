//! The executor of the default build: polls a handler's future on the thread that runs the
//! handlers, and between polls sleeps until the future's waker is called (or its limit is
//! reached, and the future is dropped). With the `tokio` feature, tokio's runtimes run the futures
//! instead (`on_tokio`).

#![cfg_attr(feature = "tokio", allow(dead_code))]

use std::future::Future;
use std::pin::pin;
use std::sync::{Condvar, Mutex, PoisonError};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::time::{Duration, Instant};

use crate::future::limit::TimedOut;

/// What a waker sets, and the thread blocked in `block_on` waits for.
pub(crate) struct Signal {
    woken: Mutex<bool>,
    wake: Condvar,
}

impl Signal {
    pub(crate) const fn new() -> Signal {
        Signal {
            woken: Mutex::new(false),
            wake: Condvar::new(),
        }
    }

    pub(crate) fn notify(&self) {
        *self.woken.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.wake.notify_one();
    }
}

/// The signal of the runs of the handlers. Runs never overlap (the lock of runs), so one thread at
/// most waits on it: it needs no allocation and no reference count, and a waker of it is a plain
/// pointer-free value. A waker kept from an earlier handler's future may still wake it; that is a
/// spurious wake-up, after which the current future is polled again, as futures allow.
pub(crate) static RUN_SIGNAL: Signal = Signal::new();

/// The waker of `RUN_SIGNAL`: cloning and dropping it cost nothing, waking it notifies the signal.
static RUN_WAKER: RawWakerVTable = RawWakerVTable::new(
    |_| RawWaker::new(std::ptr::null(), &RUN_WAKER),
    |_| RUN_SIGNAL.notify(),
    |_| RUN_SIGNAL.notify(),
    |_| {},
);

pub(crate) fn run_waker() -> Waker {
    // SAFETY: the vtable's functions ignore the data pointer, touch only the static signal (which
    // is `Sync`), and meet `RawWakerVTable`'s contract: clone returns an equivalent waker, wake
    // and wake_by_ref notify, drop has nothing to release.
    unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &RUN_WAKER)) }
}

/// Polls `future` to completion on this thread, sleeping on `signal`, which `waker` notifies;
/// `Err` if `limit` passed first (the future is then dropped, which cancels it).
pub(crate) fn block_on<F: Future>(
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
