//! The cost of one registration: ours beside glibc's `atexit()`, on one thread and on two at once.
//!
//! Every registration stays registered (neither registry can free one), so the measuring windows are
//! short to bound the memory they hold; the handlers are no-ops run when the benchmark exits.

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};

fn noop() {}

extern "C" fn noop_c() {}

fn takes_string(s: String) {
    black_box(s);
}

type CAtexit = unsafe extern "C" fn(extern "C" fn()) -> libc::c_int;

fn glibc_atexit() {
    // The call goes through `black_box`: LLVM knows `atexit` and otherwise deletes the calls whose
    // result is unused, which would time an empty loop.
    let atexit: CAtexit = black_box(libc::atexit);
    // SAFETY: registers a C function that does nothing and never unwinds.
    black_box(unsafe { atexit(noop_c) });
}

fn short(c: &mut Criterion) -> criterion::BenchmarkGroup<'_, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group("register");
    group
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600))
        .sample_size(20);
    group
}

fn one_thread(c: &mut Criterion) {
    let mut group = short(c);
    group.bench_function("glibc atexit()", |b| b.iter(glibc_atexit));
    group.bench_function("atexit::register(fn item)", |b| {
        b.iter(|| black_box(atexit::register(noop)))
    });
    group.bench_function("atexit::register(closure, 16 bytes)", |b| {
        let (x, y) = (black_box(1u64), black_box(2u64));
        b.iter(|| {
            black_box(atexit::register(move || {
                black_box((x, y));
            }))
        })
    });
    group.bench_function("register_with!(f, String)", |b| {
        b.iter(|| {
            black_box(atexit::register_with!(
                takes_string,
                String::from("argument")
            ))
        })
    });
    group.finish();
}

/// `iters` registrations split over `threads` threads started together; the time until all are done.
fn on_threads(threads: u64, iters: u64, register: fn()) -> Duration {
    let per_thread = iters / threads;
    let start = Instant::now();
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(move || (0..per_thread).for_each(|_| register()));
        }
    });
    start.elapsed()
}

fn two_threads(c: &mut Criterion) {
    let mut group = short(c);
    let ours: fn() = || drop(black_box(atexit::register(noop)));
    for threads in [1, 2] {
        group.bench_function(format!("glibc atexit(), {threads} thread(s)"), |b| {
            b.iter_custom(|iters| on_threads(threads, iters, glibc_atexit))
        });
        group.bench_function(
            format!("atexit::register(fn item), {threads} thread(s)"),
            |b| b.iter_custom(|iters| on_threads(threads, iters, ours)),
        );
    }
    group.finish();
}

criterion_group!(benches, one_thread, two_threads);
criterion_main!(benches);
