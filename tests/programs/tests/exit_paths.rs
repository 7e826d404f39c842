//! Which ways of ending a process run the handlers, and the status each leaves.
use atexit_test_programs::{program, run, target_os};

const HANDLERS_RAN: [&str; 3] = ["main", "dynamic handler", "static handler"];

fn exit_by(path: &str) -> atexit_test_programs::Exit {
    run(program!("exit_paths"), &[path])
}

#[test]
fn returning_from_main_runs_the_handlers() {
    let exit = exit_by("return");
    assert_eq!(exit.stdout_lines(), HANDLERS_RAN);
    assert_eq!(exit.code, Some(0));
}

/// What `std::process::exit` runs: the handlers, except on Windows, where it calls `ExitProcess`,
/// which skips the C runtime's exit table (the README's platform table).
fn process_exit_runs() -> &'static [&'static str] {
    if target_os() == "windows" {
        &["main"]
    } else {
        &HANDLERS_RAN
    }
}

#[test]
fn process_exit_runs_the_handlers_and_keeps_the_status() {
    let exit = exit_by("process-exit");
    assert_eq!(exit.stdout_lines(), process_exit_runs());
    assert_eq!(exit.code, Some(3));
}

#[test]
fn process_exit_from_another_thread_runs_the_handlers() {
    let exit = exit_by("thread-exit");
    assert_eq!(exit.stdout_lines(), process_exit_runs());
    assert_eq!(exit.code, Some(4));
}

#[test]
fn atexit_exit_runs_the_handlers_and_keeps_the_status() {
    let exit = exit_by("atexit-exit");
    assert_eq!(exit.stdout_lines(), HANDLERS_RAN);
    assert_eq!(exit.code, Some(5));
}

#[test]
fn a_panic_in_main_runs_the_handlers_and_keeps_status_101() {
    let exit = exit_by("panic");
    assert_eq!(exit.stdout_lines(), HANDLERS_RAN);
    assert_eq!(exit.code, Some(101));
    assert!(exit.stderr.contains("main failed"), "{}", exit.stderr);
}

#[test]
fn abort_runs_no_handler() {
    let exit = exit_by("abort");
    assert_eq!(exit.stdout_lines(), ["main"]);
    if target_os() == "windows" {
        assert!(exit.code.is_some_and(|code| code != 0), "{exit:?}");
    } else {
        assert_eq!(exit.signal, Some(libc_sigabrt()));
    }
}

#[test]
fn underscore_exit_runs_no_handler() {
    let exit = exit_by("underscore-exit");
    assert_eq!(exit.stdout_lines(), ["main"]);
    assert_eq!(exit.code, Some(6));
}

#[test]
fn a_fatal_signal_runs_no_handler() {
    let exit = exit_by("sigterm");
    assert_eq!(exit.stdout_lines(), ["main"]);
    if target_os() == "windows" {
        // The C runtime's default action for a raised SIGTERM: `_exit(3)`.
        assert_eq!(exit.code, Some(3));
    } else {
        assert_eq!(exit.signal, Some(15));
    }
}

fn libc_sigabrt() -> i32 {
    6
}
