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
    let mut reports = vec![format!(
        "atexit: handler closure at {SOURCE}:31:5 failed: dynamic boom 42"
    )];
    reports.extend(
        [
            ("failing::failing_result", 26, "bad state"),
            ("failing::static_panic", 10, "static boom"),
            ("failing::static_err", 4, "disk full"),
        ]
        .iter()
        .map(|(name, line, message)| {
            format!("atexit: handler {name} ({SOURCE}:{line}) failed: {message}")
        }),
    );
    reports
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
    assert!(!exit.stderr.contains("panicked"), "{}", exit.stderr);
}
