// Forks after registering: the child inherits the handlers but not the this-process-only ones.
// Every line says which process printed it.

use std::sync::atomic::{AtomicI32, Ordering};

static PARENT: AtomicI32 = AtomicI32::new(0);

fn role() -> &'static str {
    // SAFETY: `getpid` has no preconditions.
    if unsafe { libc::getpid() } == PARENT.load(Ordering::SeqCst) {
        "parent"
    } else {
        "child"
    }
}

#[atexit::register]
fn static_cleanup() {
    println!("{} static_cleanup", role());
}

/// Says when a handler's captured values are dropped.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        println!("{} drops the guard", role());
    }
}

fn main() {
    // SAFETY: `getpid` has no preconditions.
    PARENT.store(unsafe { libc::getpid() }, Ordering::SeqCst);
    atexit::register(|| println!("{} inherited", role()));
    let guard = Guard;
    atexit::register(move || {
        let _guard = &guard;
        println!("{} removes the pid file", role());
    })
    .this_process_only();
    atexit::register(|| println!("{} inherited too", role()));

    // SAFETY: the process has one thread, so the child may run any code.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        atexit::register(|| println!("{} own handler", role())).this_process_only();
        println!("child ncallbacks={}", atexit::ncallbacks());
        for handler in atexit::handlers() {
            println!("child sees {}", handler.name.split(" at ").next().unwrap());
        }
        return;
    }
    let mut status = 0;
    // SAFETY: waits for the child just forked; `status` is a valid place for its status.
    let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
    assert_eq!(waited, pid);
    println!("parent ncallbacks={}", atexit::ncallbacks());
    println!("child status={}", libc::WEXITSTATUS(status));
}
