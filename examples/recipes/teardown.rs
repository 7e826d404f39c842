//! Global teardown for a test suite: a resource the tests start lazily, stopped once after the
//! last test, also when a test fails. libtest has no teardown (rust-lang/rust#117668);
//! `#[atexit::register]` in the test binary is one.
//!
//! - **`cargo test`** runs every test of a binary in one process: the first test that needs the
//!   server starts it, and the handler stops it when that process exits, after the last test,
//!   whether the tests passed (`main` returns) or one failed (libtest calls `std::process::exit(101)`).
//! - **`cargo nextest`** runs each test in a process of its own: the handler runs at the end of
//!   each, and stops the server only in the processes that started one. Write the teardown's
//!   reports to stderr: nextest lists the tests by reading the binary's stdout (`--list`), and a line
//!   of a handler there breaks the listing.
//! - **A teardown that fails** is reported on stderr, and the run stays green: the exit status is
//!   not the handler's to change, unless it says so. Call `atexit::exit(1)` in it, and `cargo test`
//!   and nextest count the run as failed.
//!
//! The server here is a child process (`sleep 300`), so that the test can check from outside that
//! it is gone: `cargo test -p atexit-recipes --test teardown`.

use std::io::Write;
use std::process::{Child, Command};
use std::sync::{Mutex, PoisonError};

static SERVER: Mutex<Option<Child>> = Mutex::new(None);

/// The test server's pid, started by the first test that asks for it.
fn server() -> u32 {
    let mut server = SERVER.lock().unwrap_or_else(PoisonError::into_inner);
    let child = server.get_or_insert_with(|| {
        let child = Command::new("sleep")
            .arg("300")
            .spawn()
            .expect("start the server");
        note(&format!("started {}", child.id()));
        child
    });
    child.id()
}

#[atexit::register]
fn stop_server() {
    // A process whose tests never needed the server has nothing to stop (nextest: most of them).
    let Some(mut child) = SERVER.lock().unwrap_or_else(PoisonError::into_inner).take() else {
        return;
    };
    let pid = child.id();
    let stopped = child.kill().and_then(|()| child.wait());
    if stopped.is_err() || std::env::var_os("TEARDOWN_FAIL").is_some() {
        eprintln!("teardown: could not stop the test server ({pid})");
        // Without this the run stays green: the report alone does not change the status.
        atexit::exit(1);
    }
    note(&format!("stopped {pid}"));
    eprintln!("teardown: stopped the test server ({pid})");
}

/// Appends a line to `TEARDOWN_LOG`, the record the recipe's test reads.
fn note(line: &str) {
    if let Some(path) = std::env::var_os("TEARDOWN_LOG") {
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("open the teardown log");
        writeln!(log, "{line}").expect("write the teardown log");
    }
}

fn running(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn first_user_of_the_server() {
    assert!(running(server()));
}

#[test]
fn second_user_of_the_server() {
    assert!(running(server()));
}

#[test]
fn does_not_need_the_server() {
    assert_eq!(2 + 2, 4);
}

#[test]
fn fails_when_asked() {
    assert!(running(server()));
    assert!(
        std::env::var_os("TEARDOWN_TEST_FAIL").is_none(),
        "failing, as TEARDOWN_TEST_FAIL asks"
    );
}
