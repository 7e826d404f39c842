//! A log file that keeps its last lines when the program ends with `std::process::exit`.
//!
//! `tracing-appender`'s non-blocking writer hands lines to a worker thread, and only dropping its
//! `WorkerGuard` waits for the worker to write what it still holds. The guard is kept for the whole
//! program, usually as `let _guard = ...` in `main`; but `std::process::exit`, called from deep in
//! the program, returns through no frame, so that guard is never dropped: whatever the worker had
//! not written yet is lost (tracing#1120, #2462). Run `cargo run --release -p atexit-recipes
//! --example log_guard -- DIR 20000 without-handler` and count the lines of `DIR/app.log`: on the
//! machine this was written on, 7,500 to 10,000 of the 20,000. (How many are lost depends on how
//! much faster the lines are made than written: in a debug build, often none.)
//!
//! Moved into an exit handler, the guard is dropped at exit, on every path.
//!
//! `cargo run -p atexit-recipes --example log_guard -- DIR LINES [without-handler]`

use tracing_appender::non_blocking::WorkerGuard;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("the log directory");
    let lines: u32 = args
        .next()
        .and_then(|n| n.parse().ok())
        .expect("how many lines");
    let with_handler = args.next().as_deref() != Some("without-handler");

    let (writer, guard) =
        tracing_appender::non_blocking(tracing_appender::rolling::never(&dir, "app.log"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .init();
    let _guard: Option<WorkerGuard> = if with_handler {
        atexit::register(move || drop(guard));
        None
    } else {
        Some(guard)
    };

    // Lines of about 1 KiB: the worker writes each one to the file, slower than they are made.
    let detail = "x".repeat(1000);
    for line in 0..lines {
        tracing::info!(detail, line, "working");
    }
    shut_down_from_deep_inside();
}

fn shut_down_from_deep_inside() -> ! {
    std::process::exit(0)
}
