//! The rules of async handlers hold with the `tokio` feature too, where each runs inside a tokio
//! runtime on a thread of its own: one order with the synchronous handlers, failures reported,
//! `atexit::exit` in a handler, a handler's own limit. The argument picks the case: `order`,
//! `failures`, `exit` or `timeout`.

use std::time::Duration;

#[atexit::register]
async fn static_with_a_timer() {
    tokio::time::sleep(Duration::from_millis(10)).await;
    println!("static async fn, after a tokio timer");
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("order") => {
            atexit::register(|| println!("sync 1"));
            atexit::register_async(async {
                tokio::time::sleep(Duration::from_millis(5)).await;
                println!("async 2");
            });
            atexit::register(|| println!("sync 3"));
        }
        Some("failures") => {
            atexit::register(|| println!("the others still ran"));
            atexit::register_async(async { Err::<(), _>("tokio disk full") });
            atexit::register_async(async {
                tokio::time::sleep(Duration::from_millis(1)).await;
                if std::env::args().count() > 1 {
                    panic!("tokio boom");
                }
            });
        }
        Some("exit") => {
            atexit::register(|| println!("the others still ran"));
            atexit::register_async(async {
                if std::env::args().count() > 1 {
                    atexit::exit(3);
                }
                println!("not reached");
            });
        }
        Some("timeout") => {
            atexit::register(|| println!("the next handler ran"));
            atexit::register_async(async {
                tokio::time::sleep(Duration::from_secs(60)).await;
            })
            .timeout(Duration::from_millis(100));
        }
        other => {
            eprintln!("unknown case {other:?}");
            std::process::exit(2);
        }
    }
}
