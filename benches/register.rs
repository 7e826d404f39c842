//! The cost of one registration: ours beside glibc's `atexit()`, on one thread and on two at once.
//!
//! Every registration stays registered (neither registry can give one back), so a long in-process
//! run would time a registry of hundreds of millions of entries and its page faults. Each sample is
//! instead a fresh child process (this benchmark run again with `ATEXIT_BENCH_CHILD` set) that makes
//! the number of registrations criterion asks for, times them, and ends with `_exit` without
//! running them. Both registries start empty in every sample.

use std::hint::black_box;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use criterion::Criterion;

const CHILD: &str = "ATEXIT_BENCH_CHILD";
const ITERS: &str = "ATEXIT_BENCH_ITERS";

fn noop() {}

extern "C" fn noop_c() {}

fn takes_string(s: String) {
    black_box(s);
}

type CAtexit = unsafe extern "C" fn(extern "C" fn()) -> libc::c_int;

fn glibc_atexit() {
    // Through `black_box`: LLVM knows `atexit` and deletes calls whose result is unused.
    let atexit: CAtexit = black_box(libc::atexit);
    // SAFETY: registers a C function that does nothing and never unwinds.
    black_box(unsafe { atexit(noop_c) });
}

fn ours_fn_item() {
    black_box(atexit::register(noop));
}

/// `iters` registrations split over `threads` threads started together.
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

fn child(case: &str, iters: u64) -> Duration {
    let (x, y) = (black_box(1u64), black_box(2u64));
    let start = Instant::now();
    match case {
        "glibc atexit()" => (0..iters).for_each(|_| glibc_atexit()),
        "atexit::register(fn item)" => (0..iters).for_each(|_| ours_fn_item()),
        "atexit::register(closure, 16 bytes)" => (0..iters).for_each(|_| {
            black_box(atexit::register(move || {
                black_box((x, y));
            }));
        }),
        "register_with!(f, String)" => (0..iters).for_each(|_| {
            black_box(atexit::register_with!(
                takes_string,
                String::from("argument")
            ));
        }),
        "glibc atexit(), 1 thread" => return on_threads(1, iters, glibc_atexit),
        "glibc atexit(), 2 threads" => return on_threads(2, iters, glibc_atexit),
        "atexit::register(fn item), 1 thread" => return on_threads(1, iters, ours_fn_item),
        "atexit::register(fn item), 2 threads" => return on_threads(2, iters, ours_fn_item),
        other => panic!("unknown case {other}"),
    }
    start.elapsed()
}

fn in_child(case: &str, iters: u64) -> Duration {
    let output = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, case)
        .env(ITERS, iters.to_string())
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
        .unwrap();
    Duration::from_nanos(ns)
}

const ONE_THREAD: [&str; 4] = [
    "glibc atexit()",
    "atexit::register(fn item)",
    "atexit::register(closure, 16 bytes)",
    "register_with!(f, String)",
];

const THREADS: [&str; 4] = [
    "glibc atexit(), 1 thread",
    "glibc atexit(), 2 threads",
    "atexit::register(fn item), 1 thread",
    "atexit::register(fn item), 2 threads",
];

fn main() {
    if let Ok(case) = std::env::var(CHILD) {
        let iters = std::env::var(ITERS).unwrap().parse().unwrap();
        let elapsed = child(&case, iters);
        println!("{}", elapsed.as_nanos());
        // The registrations are not run: only registering is measured.
        // SAFETY: `_exit` ends the process; stdout was flushed by `println!` (a line).
        unsafe { libc::_exit(0) };
    }
    let mut c = Criterion::default().configure_from_args();
    for (group, cases) in [("register", ONE_THREAD), ("register, threads", THREADS)] {
        let mut group = c.benchmark_group(group);
        group
            .sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for case in cases {
            group.bench_function(case, |b| b.iter_custom(|iters| in_child(case, iters)));
        }
        group.finish();
    }
    c.final_summary();
}
