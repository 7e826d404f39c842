//! `panic = "abort"` beside a panic hook of the program's own, installed before or after the first
//! registration, calling the hook it replaced or not (the programs built in the `abort` profile).
//! The fault matrix's `panic = "abort"` half is in matrix.rs.
use atexit_test_programs::{programs_in_profile, run, Exit};

fn abort_hooks(hook: &str, panic_in: &str) -> Option<Exit> {
    let Some(programs) = programs_in_profile("abort") else {
        eprintln!("skipped: the programs of another target are built with panic = \"unwind\"");
        return None;
    };
    let program = programs.join("abort_hooks");
    Some(run(
        program.to_str().expect("a UTF-8 path"),
        &[hook, panic_in],
    ))
}

/// The lines of stderr, without the standard hook's blank line, its `thread 'main' (..) panicked
/// at ...` line, whose thread id changes, and its backtrace note.
fn stderr_lines(exit: &Exit) -> Vec<&str> {
    exit.stderr_lines()
        .into_iter()
        .filter(|l| !l.is_empty() && !l.starts_with("thread '") && !l.starts_with("note: "))
        .collect()
}

fn panic_in_main_with(hook: &str) {
    let Some(exit) = abort_hooks(hook, "main") else {
        return;
    };
    assert_eq!(exit.signal, Some(libc::SIGABRT), "{hook}: {exit:?}");
    assert_eq!(
        stderr_lines(&exit),
        [
            "user hook: main panicked",
            "main panicked",
            "handler z",
            "handler p",
            "handler a"
        ],
        "{hook}: the program's hook, then the standard one, then the handlers"
    );
    assert!(
        exit.stderr.contains("panicked at"),
        "{hook}: {}",
        exit.stderr
    );
}

#[test]
fn a_panic_in_main_runs_the_handlers_after_a_chaining_hook_installed_before_registering() {
    panic_in_main_with("chain-before");
}

#[test]
fn a_panic_in_main_runs_the_handlers_after_a_chaining_hook_installed_after_registering() {
    panic_in_main_with("chain-after");
}

#[test]
fn a_hook_that_drops_the_one_it_replaced_turns_off_the_run_on_panic() {
    let Some(exit) = abort_hooks("replace", "main") else {
        return;
    };
    assert_eq!(exit.signal, Some(libc::SIGABRT), "{exit:?}");
    assert_eq!(stderr_lines(&exit), ["user hook: main panicked"]);
}

#[test]
fn a_panicking_handler_is_reported_whatever_hook_the_program_installed() {
    for hook in ["chain-before", "chain-after", "replace"] {
        let Some(exit) = abort_hooks(hook, "handler") else {
            return;
        };
        assert_eq!(exit.code, Some(0), "{hook}: {exit:?}");
        assert_eq!(
            stderr_lines(&exit),
            [
                "handler z",
                "handler p",
                "atexit: handler closure at tests/programs/src/bin/abort_hooks.rs:38:5 panicked at \
                 tests/programs/src/bin/abort_hooks.rs:41:13: p failed",
                "handler a"
            ],
            "{hook}"
        );
    }
}
