//! A registration still being made when the process exits: another thread registers a closure
//! whose box the global allocator takes `delay` milliseconds to allocate (after the registration's
//! sequence number was handed out), while `main` returns. Its handler must run, not be skipped.
//!
//! Arguments: `delay_ms [timeout_ms]`; with a timeout, the deadline of the exit handlers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// The size of the slow closure's box: nothing else of this program allocates exactly this much.
const SLOW_SIZE: usize = 1000;

static ARMED: AtomicBool = AtomicBool::new(false);
static IN_SLOW_ALLOCATION: AtomicBool = AtomicBool::new(false);
static DELAY_MS: AtomicU64 = AtomicU64::new(0);

/// The system allocator, slow once for an allocation of `SLOW_SIZE` bytes once armed.
struct SlowOnce;

// SAFETY: every call is forwarded to `System` unchanged; the delay only sleeps.
unsafe impl GlobalAlloc for SlowOnce {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() == SLOW_SIZE && ARMED.swap(false, Ordering::SeqCst) {
            IN_SLOW_ALLOCATION.store(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(DELAY_MS.load(Ordering::SeqCst)));
        }
        // SAFETY: forwarded from the caller.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded from the caller.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: SlowOnce = SlowOnce;

fn main() {
    let mut args = std::env::args().skip(1);
    let delay: u64 = args.next().and_then(|a| a.parse().ok()).expect("delay_ms");
    if let Some(timeout) = args.next().and_then(|a| a.parse().ok()) {
        atexit::set_timeout(Duration::from_millis(timeout));
    }
    DELAY_MS.store(delay, Ordering::SeqCst);
    atexit::register(|| println!("the first handler ran"));
    std::thread::spawn(|| {
        let payload = [7u8; SLOW_SIZE];
        ARMED.store(true, Ordering::SeqCst);
        atexit::register(move || println!("the slow registration's handler ran ({})", payload[0]));
    });
    while !IN_SLOW_ALLOCATION.load(Ordering::SeqCst) {
        std::thread::yield_now();
    }
    println!("main returns while a registration is being made");
}
