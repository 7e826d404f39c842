//! One cell of the fault matrix: `matrix <exit path> <handler behaviour>`.
//!
//! Handlers, in registration order: `a`, then `x` (behaving as asked), then `z`; and the static
//! `s`, registered before `main`. They run `z x a s`. `x`'s behaviours:
//! `ok`, `panic`, `err`, `exit` (`atexit::exit(3)`), `register` (registers `y`, which runs next),
//! `unregister` (unregisters `a`, whose turn is later), `hang` (sleeps past a 300 ms deadline: for a
//! minute, or for 400 ms where no thread can watch the deadline).
//!
//! Exit paths: `return`, `process-exit` (status 5 from `main`), `thread-exit` (status 6 from another
//! thread), `panic` (in `main`), `thread-panic` (in another thread, which `main` joins, then
//! returns), `atexit-exit` (status 8 from `main`), `run-exitfuncs` (`atexit::run_exitfuncs()`, then
//! returns), `signal` (prints `main` and waits for the test's signal; every signal is handled).
//!
//! With `ATEXIT_TEST_NO_THREADS` set, the process can start no thread once `main` has started the
//! ones it needs (the signal thread, the other thread of the `thread-` paths), as one at its thread
//! limit cannot.

use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

use atexit_test_programs::no_threads::{self, refuse_threads_if_asked};

#[atexit::register]
fn s() {
    println!("s");
}

fn a() {
    println!("a");
}

fn y() {
    println!("y");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, behaviour) = (args[0].as_str(), args[1].as_str());
    atexit::register(a);
    match behaviour {
        "ok" => _ = atexit::register(|| println!("x")),
        "panic" => {
            _ = atexit::register(|| {
                println!("x");
                if std::hint::black_box(true) {
                    panic!("x failed");
                }
            })
        }
        "err" => {
            _ = atexit::register(|| {
                println!("x");
                Err::<(), _>("x failed")
            })
        }
        "exit" => {
            _ = atexit::register(|| -> () {
                println!("x");
                atexit::exit(3)
            })
        }
        "register" => {
            _ = atexit::register(|| {
                println!("x");
                atexit::register(y);
            })
        }
        "unregister" => {
            _ = atexit::register(|| {
                println!("x");
                assert_eq!(atexit::unregister(a), 1);
            })
        }
        "hang" => {
            atexit::set_timeout(Duration::from_millis(300));
            _ = atexit::register(|| {
                println!("x");
                let no_threads = std::env::var_os(no_threads::VARIABLE).is_some();
                std::thread::sleep(if no_threads {
                    Duration::from_millis(400)
                } else {
                    Duration::from_secs(60)
                });
            });
        }
        other => panic!("unknown behaviour {other}"),
    }
    atexit::register(|| println!("z"));
    atexit::handle_signals(&atexit::Signal::ALL).unwrap();
    // The other thread of the `thread-` paths, started before threads are refused; it does what it
    // is sent.
    let (order, orders) = mpsc::channel::<fn()>();
    let worker = path
        .starts_with("thread-")
        .then(|| std::thread::spawn(move || orders.recv().unwrap()()));
    refuse_threads_if_asked();
    println!("main");
    std::io::stdout().flush().unwrap();
    match path {
        "return" => {}
        "process-exit" => std::process::exit(5),
        "thread-exit" => {
            order.send(|| std::process::exit(6)).unwrap();
            loop {
                std::thread::park();
            }
        }
        "panic" => panic!("main panicked"),
        "thread-panic" => {
            order.send(|| panic!("worker panicked")).unwrap();
            assert!(worker.unwrap().join().is_err());
        }
        "run-exitfuncs" => atexit::run_exitfuncs(),
        "atexit-exit" => atexit::exit(8),
        "signal" => loop {
            std::thread::park();
        },
        other => panic!("unknown exit path {other}"),
    }
}
