//! `atexit::exit` in a handler sets the status without cutting short the C runtime's other exit
//! hooks (glibc), or ends the process right after the handlers (the other C runtimes, documented).
use atexit_test_programs::{program, run, target_os};

/// True where the C library supports `exit` called again from an exit hook (glibc).
fn nested_exit_supported() -> bool {
    target_os() == "linux"
}

fn lines_with(requested: bool, hook_before_runs: bool) -> Vec<&'static str> {
    let mut lines = vec!["C hook registered in main"];
    if requested {
        lines.push("a handler asks for status 3");
    }
    lines.push("the oldest handler ran");
    if hook_before_runs {
        lines.push("C hook registered before the runtime's");
    }
    lines
}

#[test]
fn a_status_asked_for_by_a_handler_leaves_the_earlier_c_exit_hooks_to_run() {
    for end in ["return", "exit-5"] {
        let exit = run(program!("c_exit_hooks"), &[end, "3"]);
        assert_eq!(exit.code, Some(3), "{end}: {exit:?}");
        assert_eq!(exit.stderr, "", "{end}");
        assert_eq!(
            exit.stdout_lines(),
            lines_with(true, nested_exit_supported()),
            "{end}"
        );
    }
}

#[test]
fn without_a_requested_status_every_c_exit_hook_runs_in_order() {
    for (end, code) in [("return", 0), ("exit-5", 5)] {
        let exit = run(program!("c_exit_hooks"), &[end, "none"]);
        assert_eq!(exit.code, Some(code), "{end}: {exit:?}");
        assert_eq!(exit.stderr, "", "{end}");
        assert_eq!(exit.stdout_lines(), lines_with(false, true), "{end}");
    }
}

#[test]
fn a_status_asked_for_in_run_exitfuncs_ends_the_process_through_the_c_runtimes_exit() {
    let exit = run(program!("c_exit_hooks"), &["run-exitfuncs", "3"]);
    assert_eq!(exit.code, Some(3), "{exit:?}");
    assert_eq!(exit.stderr, "", "{exit:?}");
    // The run ends the process with the status asked for, through the C runtime's `exit`: every
    // C exit hook runs, on every platform (on Windows `std::process::exit` would skip them all).
    assert_eq!(
        exit.stdout_lines(),
        [
            "a handler asks for status 3",
            "the oldest handler ran",
            "C hook registered in main",
            "C hook registered before the runtime's"
        ]
    );
}

#[test]
fn without_a_requested_status_run_exitfuncs_returns() {
    let exit = run(program!("c_exit_hooks"), &["run-exitfuncs", "none"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(
        exit.stdout_lines(),
        [
            "the oldest handler ran",
            "run_exitfuncs returned",
            "C hook registered in main",
            "C hook registered before the runtime's"
        ]
    );
}
