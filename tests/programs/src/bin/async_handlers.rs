//! Async handlers beside synchronous ones: one order, one way to fail, one deadline. The argument
//! picks the case: `order`, `failures`, `timeout`, `deadline`, `remaining` or `unregister`.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// Pending until a thread it starts wakes it `after` later: a future that really waits.
struct WokenLater {
    after: Duration,
    done: Arc<AtomicBool>,
    started: bool,
}

fn woken_later(after: Duration) -> WokenLater {
    WokenLater {
        after,
        done: Arc::new(AtomicBool::new(false)),
        started: false,
    }
}

impl Future for WokenLater {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done.load(Ordering::SeqCst) {
            return Poll::Ready(());
        }
        if !self.started {
            self.started = true;
            let (after, done, waker) = (self.after, Arc::clone(&self.done), cx.waker().clone());
            std::thread::spawn(move || {
                std::thread::sleep(after);
                done.store(true, Ordering::SeqCst);
                waker.wake();
            });
        }
        Poll::Pending
    }
}

/// Set by the `timeout` case: the static handler with a limit then never finishes.
static HANG: AtomicBool = AtomicBool::new(false);

#[atexit::register(priority = 1)]
fn static_sync() {
    println!("static fn");
}

#[atexit::register]
async fn static_async() {
    woken_later(Duration::from_millis(20)).await;
    println!("static async fn, after a wake from another thread");
}

#[atexit::register(priority = -1, timeout = "200ms")]
async fn static_timed() -> Result<(), String> {
    if HANG.load(Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
    println!("static async fn with a limit");
    Ok(())
}

fn say(what: &str) {
    println!("{what}");
}

async fn say_later(what: &'static str, after: Duration) -> Result<(), String> {
    woken_later(after).await;
    println!("{what}");
    Ok(())
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("order") => {
            atexit::register(|| println!("sync 1"));
            atexit::register_async(async { println!("async 2") });
            atexit::register_with!(say, "sync 3 (register_with!)");
            atexit::register_async_with!(
                say_later,
                "async 3b (register_async_with!)",
                Duration::ZERO
            );
            atexit::register_async(async {
                woken_later(Duration::from_millis(20)).await;
                println!("async 4");
                Ok::<(), String>(())
            });
            println!("{} handlers", atexit::handlers().len());
        }
        Some("failures") => {
            atexit::register(|| println!("the others still ran"));
            atexit::register_async(async { Err::<(), _>("async disk full") });
            atexit::register_async(async {
                woken_later(Duration::from_millis(5)).await;
                if !HANG.load(Ordering::SeqCst) {
                    panic!("async boom");
                }
            });
        }
        Some("timeout") => {
            HANG.store(true, Ordering::SeqCst);
            atexit::register(|| println!("the next handler ran"));
            atexit::register_async(async {
                std::future::pending::<()>().await;
            })
            .timeout(Duration::from_millis(100));
        }
        Some("deadline") => {
            atexit::set_timeout(Duration::from_millis(300));
            atexit::register(|| println!("never reached"));
            atexit::register_async(async {
                println!("an async handler that never ends");
                std::future::pending::<()>().await;
            });
        }
        Some("remaining") => {
            atexit::set_timeout(Duration::from_secs(10));
            println!("remaining outside a run: {:?}", atexit::remaining());
            atexit::register_async(async {
                let left = atexit::remaining().expect("a run with a deadline");
                println!(
                    "remaining in an async handler: {}",
                    left > Duration::from_secs(9) && left <= Duration::from_secs(10)
                );
            });
        }
        Some("unregister") => {
            let registration =
                atexit::register_async(async { println!("unregistered: must not run") });
            atexit::register_async(async { println!("kept") });
            println!("unregistered: {}", registration.unregister());
            println!(
                "static async fn removed: {}",
                atexit::unregister(static_async)
            );
            atexit::register_async_with!(say_later, "must not run either", Duration::ZERO);
            println!(
                "async fn with arguments removed: {}",
                atexit::unregister(say_later)
            );
            println!("ncallbacks: {}", atexit::ncallbacks());
        }
        other => {
            eprintln!("unknown case {other:?}");
            std::process::exit(2);
        }
    }
}
