//! The run after a handler whose thread cannot go on (a panic under `panic = "abort"`, a refused
//! `std::process::exit` in both modes) is the same run on another thread: the deadline keeps its
//! start and names the handler running now, and `ATEXIT_LOG`'s tally counts every handler once.
use atexit_test_programs::{program, programs_in_profile, run_with_env, Exit};

const REPORT_B: &str = "atexit: handler closure at tests/programs/src/bin/second_failure.rs:27:5 ";

/// `second_failure` in both panic modes (the `abort` one where it is built).
fn both_modes(args: &[&str], env: &[(&str, &str)]) -> Vec<(&'static str, Exit)> {
    let mut programs = vec![("unwind", program!("second_failure").to_owned())];
    if let Some(folder) = programs_in_profile("abort") {
        let program = folder.join("second_failure");
        programs.push(("abort", program.to_str().expect("a UTF-8 path").to_owned()));
    }
    programs
        .into_iter()
        .map(|(mode, program)| (mode, run_with_env(&program, args, env)))
        .collect()
}

/// A handler that calls `std::process::exit` on the thread that went on with the run waits
/// forever (the standard library lets only the thread that began the exit go on with it): the
/// deadline ends it, naming it, not the handler before it.
#[test]
fn the_deadline_names_the_handler_running_on_the_thread_that_went_on() {
    for (mode, exit) in both_modes(
        &["process-exit", "process-exit"],
        &[("ATEXIT_TIMEOUT", "500ms")],
    ) {
        assert_eq!(exit.code, Some(124), "{mode}: {exit:?}");
        assert_eq!(exit.stdout_lines(), ["main", "c", "b"], "{mode}: {exit:?}");
        let timed_out = only_line(&exit, "timed out", mode);
        assert!(
            timed_out.starts_with(&format!("{REPORT_B}timed out: still running after "))
                && timed_out.contains("past the 500ms deadline"),
            "{mode}: {exit:?}"
        );
    }
}

#[test]
fn the_log_counts_each_handler_once_across_threads() {
    for (mode, exit) in both_modes(&["process-exit", "panic"], &[("ATEXIT_LOG", "1")]) {
        assert_eq!(
            exit.stdout_lines(),
            ["main", "c", "b", "a"],
            "{mode}: {exit:?}"
        );
        let summary = only_line(&exit, "handlers ran", mode);
        assert!(
            summary.starts_with("atexit: 3 handlers ran, 2 failed, in "),
            "{mode}: {exit:?}"
        );
    }
}

/// The one line of stderr that contains `text`.
fn only_line<'a>(exit: &'a Exit, text: &str, mode: &str) -> &'a str {
    let lines: Vec<&str> = exit
        .stderr_lines()
        .into_iter()
        .filter(|line| line.contains(text))
        .collect();
    assert_eq!(lines.len(), 1, "{mode}: {exit:?}");
    lines[0]
}
