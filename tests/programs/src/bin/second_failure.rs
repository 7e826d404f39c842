//! Two handlers that fail, one after the other: `second_failure <first> <second>`, each `panic`,
//! `process-exit` (`std::process::exit(9)`, which the standard library refuses while the process
//! exits), `atexit-exit` (`atexit::exit(7)`) or `none`. With `ATEXIT_TEST_SAY_THREADS` set, `main`
//! says on stderr whether it can start a thread. Handlers, in registration order: `a`, then `b` (fails as `second` says), then
//! `c` (fails as `first` says); they run `c b a` at the exit after `main` returns, or after it
//! panics if the third argument is `main-panics`.
//!
//! With `ATEXIT_TEST_NO_THREADS` set the process can start no thread, so the rest of the run after
//! `c` goes on on `c`'s thread, inside the panic hook.

use atexit_test_programs::no_threads::refuse_threads_if_asked;

fn fail(how: &str) {
    match how {
        "panic" => panic!("failed"),
        "process-exit" => std::process::exit(9),
        "atexit-exit" => atexit::exit(7),
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
    if std::env::var_os("ATEXIT_TEST_SAY_THREADS").is_some() {
        let started = std::thread::Builder::new().spawn(|| ()).is_ok();
        eprintln!("a thread can start: {started}");
    }
    if args.get(2).is_some_and(|arg| arg == "main-panics") {
        panic!("main panicked");
    }
}
