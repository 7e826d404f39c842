//! Failure reports: where a handler panicked, its backtrace, a failure hook of the program's own,
//! `std::process::exit` inside a handler, a handler that needs tokio without the feature, and a
//! panic whose payload panics when dropped.

use std::time::Duration;

#[inline(never)]
fn check_disk(free: u64) {
    if free == 0 {
        panic!("no space left: {free} bytes free");
    }
}

fn register_failures() {
    atexit::register(|| println!("the oldest handler ran"));
    atexit::register(|| Err::<(), _>("disk full"));
    atexit::register_async(std::future::pending::<()>()).timeout(Duration::from_millis(20));
    atexit::register(|| {
        std::thread::sleep(Duration::from_millis(30));
        check_disk(std::hint::black_box(0));
    });
}

/// Each failure as the hook receives it, one line of stdout each.
fn hook(failure: &atexit::Failure<'_>) {
    let (file, line, column) = failure.handler_location();
    let panicked = failure
        .panic_location()
        .map(|(file, line, column)| format!("{file}:{line}:{column}"));
    println!(
        "hook: {:?} | {} | {file}:{line}:{column} | {} | panicked at {panicked:?} | ran {}ms | \
         backtrace {}",
        failure.kind(),
        failure.handler(),
        failure.message(),
        failure.elapsed().as_millis(),
        failure.backtrace().is_some(),
    );
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("default") => register_failures(),
        Some("hook") => {
            atexit::set_failure_hook(hook);
            register_failures();
        }
        Some("hook-panics") => {
            atexit::set_failure_hook(|_| panic!("the hook's own bug"));
            register_failures();
        }
        Some("deadline") => {
            atexit::set_failure_hook(hook);
            atexit::set_timeout(Duration::from_millis(200));
            atexit::register(|| std::thread::sleep(Duration::from_secs(10)));
        }
        Some("process-exit") => {
            atexit::register(|| println!("the oldest handler ran"));
            atexit::register(|| -> () { std::process::exit(3) });
            atexit::register(|| println!("the newest handler ran"));
            if std::env::args().nth(2).as_deref() == Some("exit-5") {
                std::process::exit(5);
            }
        }
        Some("tokio") => {
            atexit::register(|| println!("the oldest handler ran"));
            atexit::register_async(async {
                tokio::time::sleep(Duration::from_millis(1)).await;
            });
        }
        Some("payload-drop-panics") => {
            /// A panic payload whose destructor panics.
            struct Bomb;
            impl Drop for Bomb {
                fn drop(&mut self) {
                    panic!("the payload's destructor panicked");
                }
            }
            atexit::register(|| println!("the oldest handler ran"));
            atexit::register(|| -> () { std::panic::panic_any(Bomb) });
        }
        other => panic!("unknown mode {other:?}"),
    }
}
