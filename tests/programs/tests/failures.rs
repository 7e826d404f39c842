//! A handler that panics or returns `Err` is reported once and never stops the others.
use atexit_test_programs::{program, run, target_os};

const RAN: [&str; 8] = [
    "main",
    "last",
    "panicking",
    "ok_result",
    "failing_result",
    "first",
    "static_panic",
    "static_err",
];

const SOURCE: &str = "tests/programs/src/bin/failing.rs";

fn reports() -> Vec<String> {
    // A closure is named by the place it was registered; a function by its path and place.
    // A panic also by the place it happened.
    vec![
        format!(
            "atexit: handler closure at {SOURCE}:31:5 panicked at {SOURCE}:35:13: dynamic boom 42"
        ),
        format!("atexit: handler failing::failing_result ({SOURCE}:26) failed: bad state"),
        format!(
            "atexit: handler failing::static_panic ({SOURCE}:10) panicked at {SOURCE}:12:5: \
             static boom"
        ),
        format!("atexit: handler failing::static_err ({SOURCE}:4) failed: disk full"),
    ]
}

#[test]
fn failing_handlers_are_reported_and_the_rest_still_run() {
    let exit = run(program!("failing"), &[]);
    assert_eq!(exit.stdout_lines(), RAN);
    assert_eq!(exit.stderr_lines(), reports());
}

#[test]
fn failing_handlers_leave_the_exit_status_unchanged() {
    assert_eq!(run(program!("failing"), &[]).code, Some(0));
    // On Windows `std::process::exit` runs no handler (the README's platform table).
    let path = if target_os() == "windows" {
        "atexit-exit"
    } else {
        "process-exit"
    };
    let exit = run(program!("failing"), &[path]);
    assert_eq!(exit.code, Some(9));
    assert_eq!(exit.stdout_lines(), RAN);
    let exit = run(program!("failing"), &["atexit-exit"]);
    assert_eq!(exit.code, Some(9));
    assert_eq!(exit.stdout_lines(), RAN);
}

#[test]
fn a_panic_message_is_printed_once() {
    let exit = run(program!("failing"), &[]);
    assert_eq!(
        exit.stderr.matches("dynamic boom").count(),
        1,
        "{}",
        exit.stderr
    );
    // Not by the standard library's panic hook.
    assert!(!exit.stderr.contains("thread '"), "{}", exit.stderr);
}
