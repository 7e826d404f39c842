//! Ends the way its first argument says, with one static and one run-time handler registered.

#[atexit::register]
fn static_handler() {
    println!("static handler");
}

fn main() {
    atexit::register(|| println!("dynamic handler"));
    println!("main");
    match std::env::args().nth(1).as_deref() {
        Some("return") => {}
        Some("process-exit") => std::process::exit(3),
        Some("thread-exit") => {
            std::thread::spawn(|| std::process::exit(4)).join().unwrap();
            unreachable!("the process has exited");
        }
        Some("atexit-exit") => atexit::exit(5),
        Some("panic") => panic!("main failed"),
        Some("abort") => std::process::abort(),
        // SAFETY: `_exit` only ends the process.
        Some("underscore-exit") => unsafe { libc_exit(6) },
        // SAFETY: `raise` sends a signal to this process; SIGTERM's default action ends it.
        Some("sigterm") => unsafe {
            raise(15);
            unreachable!("SIGTERM ends the process")
        },
        other => panic!("unknown exit path {other:?}"),
    }
}

extern "C" {
    #[link_name = "_exit"]
    fn libc_exit(code: i32) -> !;
    fn raise(signal: i32) -> i32;
}
