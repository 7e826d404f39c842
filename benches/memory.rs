//! Heap bytes held per registration: ours counted by a counting global allocator and by glibc's
//! `mallinfo2`, glibc's `atexit()` by `mallinfo2` (it allocates with `malloc`, which Rust's
//! allocator does not see). Prints one line per case; criterion is not used, since nothing is timed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static HELD: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged, counting the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is forwarded.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is forwarded.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn noop() {}

extern "C" fn noop_c() {}

fn malloc_in_use() -> isize {
    // SAFETY: `mallinfo2` only reads the allocator's statistics.
    unsafe { libc::mallinfo2() }.uordblks as isize
}

fn measure(name: &str, count: usize, register: impl Fn()) {
    let (rust_before, malloc_before) = (HELD.load(Ordering::Relaxed), malloc_in_use());
    for _ in 0..count {
        register();
    }
    let rust = HELD.load(Ordering::Relaxed) - rust_before;
    let malloc = malloc_in_use() - malloc_before;
    println!(
        "memory/{name}/{count}: {:.2} bytes per registration (malloc), {:.2} (Rust allocator)",
        malloc as f64 / count as f64,
        rust as f64 / count as f64
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` and `cargo bench -- --list` expect nothing to run
    }
    for count in [10_000, 100_000, 1_000_000] {
        let atexit: unsafe extern "C" fn(extern "C" fn()) -> libc::c_int = black_box(libc::atexit);
        // SAFETY: registers a C function that does nothing.
        measure("glibc atexit()", count, || unsafe {
            black_box(atexit(noop_c));
        });
        measure("atexit::register(fn item)", count, || {
            black_box(atexit::register(noop));
        });
    }
    // A closure that captures 16 bytes is boxed with its location.
    let (x, y) = (black_box(1u64), black_box(2u64));
    measure("atexit::register(closure, 16 bytes)", 100_000, move || {
        black_box(atexit::register(move || {
            black_box((x, y));
        }));
    });
}
