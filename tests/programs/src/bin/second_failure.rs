//! Two handlers that fail, one after the other: `second_failure <first> <second>`, each `panic`,
//! `process-exit` (`std::process::exit(9)`, which the standard library refuses while the process
//! exits) or `none`. Handlers, in registration order: `a`, then `b` (fails as `second` says), then
//! `c` (fails as `first` says); they run `c b a` at the exit after `main` returns.
//!
//! With `ATEXIT_TEST_NO_THREADS` set the process can start no thread, so the rest of the run after
//! `c` goes on on `c`'s thread, inside the panic hook.

use atexit_test_programs::no_threads::refuse_threads_if_asked;

fn fail(how: &str) {
    match how {
        "panic" => panic!("failed"),
        "process-exit" => std::process::exit(9),
        "none" => {}
        other => panic!("unknown failure {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (first, second) = (args[0].clone(), args[1].clone());
    atexit::register(|| println!("a"));
    atexit::register(move || {
        println!("b");
        fail(&second);
    });
    atexit::register(move || {
        println!("c");
        fail(&first);
    });
    refuse_threads_if_asked();
    println!("main");
}
