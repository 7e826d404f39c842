//! Many threads call exit at the same moment; every handler runs exactly once.
use std::sync::{Arc, Barrier};

const THREADS: usize = 8;

fn main() {
    for i in 0..100 {
        atexit::register(move || println!("handler {i}"));
    }
    let use_atexit_exit = std::env::args().nth(1).as_deref() == Some("atexit-exit");
    let exit = move || -> ! {
        if use_atexit_exit {
            atexit::exit(5)
        } else {
            std::process::exit(5)
        }
    };
    let barrier = Arc::new(Barrier::new(THREADS + 1));
    for _ in 0..THREADS {
        let barrier = Arc::clone(&barrier);
        std::thread::spawn(move || {
            barrier.wait();
            exit()
        });
    }
    barrier.wait();
    exit()
}
