//! `atexit::unregister(f)` with 10,000 and 100,000 other registrations present.
//!
//! The target is not registered, so every call scans all present registrations and removes none: the
//! registry stays the same size from one iteration to the next (a removal would leave a slot behind).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn other() {}

fn target() {}

fn unregister(c: &mut Criterion) {
    let mut group = c.benchmark_group("unregister");
    group
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    let mut present = 0;
    for size in [10_000, 100_000] {
        while present < size {
            atexit::register(other);
            present += 1;
        }
        group.bench_with_input(
            BenchmarkId::new("atexit::unregister", size),
            &size,
            |b, _| b.iter(|| black_box(atexit::unregister(target))),
        );
    }
    group.finish();
    atexit::clear();
}

criterion_group!(benches, unregister);
criterion_main!(benches);
