//! `set_timeout` and `ATEXIT_TIMEOUT`: a handler past the deadline is named and the process ends.
use atexit_test_programs::{program, run, run_with_env, Exit};

const SOURCE: &str = "tests/programs/src/bin/deadline.rs";
/// The line of `atexit::register(hang)`.
const HANG_LINE: u32 = 27;

fn assert_timed_out(exit: &Exit, deadline: &str) {
    assert_eq!(exit.code, Some(atexit::TIMEOUT_STATUS), "{exit:?}");
    assert_eq!(atexit::TIMEOUT_STATUS, 124);
    // The handler that hangs is cut short and the one after it never runs.
    assert_eq!(
        exit.stdout_lines(),
        ["main threads=1", "quick threads=2", "hang threads=2"],
        "{exit:?}"
    );
    let prefix = format!(
        "atexit: handler deadline::hang ({SOURCE}:{HANG_LINE}) timed out: still running after "
    );
    let suffix =
        format!(", past the {deadline} deadline of the exit handlers; exiting with status 124");
    let line = exit.stderr.trim_end();
    assert!(
        line.starts_with(&prefix) && line.ends_with(&suffix) && !line.contains('\n'),
        "{line}"
    );
}

#[test]
fn set_timeout_ends_a_run_that_hangs_and_names_the_handler() {
    let exit = run(program!("deadline"), &["60000", "300"]);
    assert_timed_out(&exit, "300ms");
}

#[test]
fn atexit_timeout_sets_the_deadline_from_the_environment() {
    let exit = run_with_env(
        program!("deadline"),
        &["60000"],
        &[("ATEXIT_TIMEOUT", "0.2s")],
    );
    assert_timed_out(&exit, "200ms");
}

#[test]
fn atexit_timeout_overrides_set_timeout() {
    let exit = run_with_env(
        program!("deadline"),
        &["60000", "60000"],
        &[("ATEXIT_TIMEOUT", "250ms")],
    );
    assert_timed_out(&exit, "250ms");
    let exit = run_with_env(
        program!("deadline"),
        &["300", "100"],
        &[("ATEXIT_TIMEOUT", "off")],
    );
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert!(exit.stdout.contains("hang done"), "{exit:?}");
}

#[test]
fn handlers_within_the_deadline_run_as_usual() {
    let exit = run(program!("deadline"), &["10", "30000"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    assert_eq!(
        exit.stdout_lines(),
        [
            "main threads=1",
            "quick threads=2",
            "hang threads=2",
            "hang done",
            "never_reached threads=2"
        ]
    );
}

#[test]
fn no_deadline_means_no_watching_thread() {
    let exit = run(program!("deadline"), &["10"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(
        exit.stdout_lines(),
        [
            "main threads=1",
            "quick threads=1",
            "hang threads=1",
            "hang done",
            "never_reached threads=1"
        ]
    );
}

/// As tools read an empty variable: unset, without a word.
#[test]
fn an_empty_atexit_timeout_or_atexit_log_is_unset() {
    for (variable, value) in [
        ("ATEXIT_TIMEOUT", ""),
        ("ATEXIT_TIMEOUT", " "),
        ("ATEXIT_LOG", ""),
    ] {
        let exit = run_with_env(program!("deadline"), &["10"], &[(variable, value)]);
        assert_eq!(exit.code, Some(0), "{variable}={value:?}: {exit:?}");
        assert_eq!(exit.stderr, "", "{variable}={value:?}");
        assert!(exit.stdout.contains("never_reached"), "{exit:?}");
    }
}

#[test]
fn a_malformed_atexit_timeout_is_reported_and_ignored() {
    let exit = run_with_env(program!("deadline"), &["10"], &[("ATEXIT_TIMEOUT", "soon")]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(
        exit.stderr_lines(),
        [
            "atexit: ignoring ATEXIT_TIMEOUT=\"soon\": expected a duration such as 2s, 500ms, \
             1.5 or off"
        ]
    );
    assert!(exit.stdout.contains("never_reached"), "{exit:?}");
}
