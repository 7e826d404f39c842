// Forks after registering. With no argument: the child inherits the handlers but not the
// this-process-only ones. The other cases are those in which the parent's threads could leave the
// child stuck:
//
// - `signal`: the parent handles SIGTERM with `handle_signals` and forks; the parent sends SIGTERM
//   to the child at once. The child must run its handlers and end by SIGTERM, as the parent would.
//   With `ATEXIT_TEST_NO_THREADS` set, no thread can start once the signal is handled: the child
//   cannot start the thread that would run its handlers, and SIGTERM must still end it.
// - `during-run`: a thread forks while the main thread runs the exit handlers (a handler is in the
//   middle of its work). The child's own exit must not wait for that run: it runs the handlers the
//   run had not taken yet, and ends.
//
// Every line says which process printed it; the parent says how the child ended.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

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

fn inherit() {
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

/// Waits up to `limit` for `pid` to end, then kills it; prints how it ended.
fn wait_for(pid: libc::pid_t, limit: Duration) {
    let started = Instant::now();
    let mut status = 0;
    loop {
        // SAFETY: `status` is valid for writing; `pid` is this process's child.
        let done = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if done == pid {
            break;
        }
        if started.elapsed() > limit {
            println!("parent: the child hung; killing it");
            // SAFETY: `pid` is this process's child, not yet waited for.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, &mut status, 0);
            }
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    if libc::WIFSIGNALED(status) {
        println!("parent: the child ended by signal {}", libc::WTERMSIG(status));
    } else {
        println!("parent: the child exited with status {}", libc::WEXITSTATUS(status));
    }
}

fn signal() {
    atexit::register(|| println!("{} handler", role()));
    atexit::handle_signals(&[atexit::Signal::Terminate]).expect("signals are handled");
    atexit_test_programs::no_threads::refuse_threads_if_asked();
    std::io::stdout().flush().unwrap();
    // SAFETY: the child goes on running Rust code, as a pre-fork server's worker does.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        // The child: wait for the signal; without it, give up after 5 seconds.
        std::thread::sleep(Duration::from_secs(5));
        println!("child: SIGTERM was ignored");
        return;
    }
    // SAFETY: `pid` is the child just made.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    wait_for(pid, Duration::from_secs(10));
}

static IN_SLOW_HANDLER: AtomicBool = AtomicBool::new(false);
static FORKED: AtomicBool = AtomicBool::new(false);

fn during_run() {
    atexit::register(|| println!("{} oldest handler", role()));
    atexit::register(|| {
        println!("{} slow handler starts", role());
        IN_SLOW_HANDLER.store(true, Ordering::SeqCst);
        // Goes on until the other thread forked and saw how the child ended (at most 10 s).
        let started = Instant::now();
        while !FORKED.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        println!("{} slow handler ends", role());
    });
    atexit::register(|| println!("{} newest handler", role()));
    std::thread::spawn(|| {
        while !IN_SLOW_HANDLER.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::io::stdout().flush().unwrap();
        // SAFETY: the child goes on running Rust code, as a daemon that forks does.
        let pid = unsafe { libc::fork() };
        assert!(pid >= 0, "fork failed");
        if pid == 0 {
            println!("child exits");
            // Not `std::process::exit`: the parent's main thread is exiting, and the standard
            // library's guard against two threads exiting at once, copied into the child, would
            // make this thread wait for it forever.
            // SAFETY: `exit` runs the exit hooks; nothing else of this process runs afterwards.
            unsafe { libc::exit(0) };
        }
        wait_for(pid, Duration::from_secs(3));
        FORKED.store(true, Ordering::SeqCst);
    });
    // Returns: the exit handlers run on this thread.
}

fn main() {
    // SAFETY: `getpid` has no preconditions.
    PARENT.store(unsafe { libc::getpid() }, Ordering::SeqCst);
    match std::env::args().nth(1).as_deref() {
        None => inherit(),
        Some("signal") => signal(),
        Some("during-run") => during_run(),
        other => {
            eprintln!("unknown case {other:?}: expected signal or during-run");
            std::process::exit(2);
        }
    }
}
