//! Threads register and unregister at once; then the process exits and counts what ran.
use std::sync::atomic::{AtomicUsize, Ordering};

const THREADS: usize = 4;
const PER_THREAD: usize = 25_000;

static RAN: AtomicUsize = AtomicUsize::new(0);

fn count() {
    RAN.fetch_add(1, Ordering::Relaxed);
}

fn removed() {
    println!("an unregistered handler ran");
}

#[atexit::register]
fn report() {
    // Static handlers run after every run-time one.
    println!("ran {}", RAN.load(Ordering::Relaxed));
}

fn main() {
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..PER_THREAD {
                    if i % 2 == 0 {
                        atexit::register(count);
                    } else {
                        let value = t * PER_THREAD + i;
                        atexit::register(move || {
                            std::hint::black_box(value);
                            count()
                        });
                    }
                    if i % 100 == 0 {
                        atexit::register(removed).unregister();
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    println!("registered {}", atexit::ncallbacks());
}
