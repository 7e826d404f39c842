//! The cost per handler of running 1,000,000 handlers at exit: ours beside glibc's `atexit` hooks,
//! and an async handler that completes at once (`register_async`) beside a synchronous one.
//!
//! Each sample is a child process (this benchmark run again with `ATEXIT_BENCH_CHILD` set) that
//! registers the handlers, notes the time, and returns from `main`. The handler registered first
//! runs last and prints how long the handlers took since `main` returned, so registration and
//! process start-up are not counted, for either side.

use std::hint::black_box;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use criterion::{Criterion, Throughput};

const HANDLERS: u64 = 1_000_000;
const CHILD: &str = "ATEXIT_BENCH_CHILD";

static RAN: AtomicU64 = AtomicU64::new(0);
static START_NS: AtomicU64 = AtomicU64::new(0);

fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn count() {
    RAN.fetch_add(1, Ordering::Relaxed);
}

extern "C" fn count_c() {
    count();
}

fn finish() {
    let elapsed = now_ns() - START_NS.load(Ordering::Relaxed);
    assert_eq!(RAN.load(Ordering::Relaxed), HANDLERS);
    println!("{elapsed}");
}

extern "C" fn finish_c() {
    finish();
}

fn child(kind: &str) {
    match kind {
        "atexit" => {
            atexit::register(finish);
            for _ in 0..HANDLERS {
                atexit::register(count);
            }
        }
        "atexit async" => {
            atexit::register(finish);
            for _ in 0..HANDLERS {
                atexit::register_async(async { count() });
            }
        }
        "glibc" => {
            // Through `black_box`: LLVM may delete calls to `atexit` whose result is unused.
            let atexit: unsafe extern "C" fn(extern "C" fn()) -> libc::c_int =
                black_box(libc::atexit);
            // SAFETY: registers C functions that never unwind (`finish` only fails by aborting).
            unsafe {
                atexit(finish_c);
                for _ in 0..HANDLERS {
                    atexit(count_c);
                }
            }
        }
        other => panic!("unknown child {other}"),
    }
    START_NS.store(now_ns(), Ordering::Relaxed);
}

/// Runs one child and returns the time its handlers took.
fn exit_time(kind: &str) -> Duration {
    let output = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, kind)
        .output()
        .expect("run the child");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ns: u64 = String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .expect("the child prints nanoseconds");
    Duration::from_nanos(ns)
}

fn main() {
    if let Ok(kind) = std::env::var(CHILD) {
        return child(&kind);
    }
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("run 1,000,000 handlers at exit");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(HANDLERS));
    for kind in ["glibc", "atexit", "atexit async"] {
        group.bench_function(kind, |b| {
            // One iteration is one child running 1,000,000 handlers.
            b.iter_custom(|iters| black_box((0..iters).map(|_| exit_time(kind)).sum()))
        });
    }
    group.finish();
    c.final_summary();
}
