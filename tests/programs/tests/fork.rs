#![cfg(unix)]
//! A forked child inherits the handlers, except those marked `this_process_only`.
use atexit_test_programs::{program, run};

#[test]
fn a_forked_child_runs_inherited_handlers_but_not_this_process_only_ones() {
    let exit = run(program!("fork"), &[]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    assert_eq!(
        exit.stdout_lines(),
        [
            // The child: the marked handler is neither listed, counted, run nor dropped; the
            // handler the child marked itself is its own and runs.
            "child ncallbacks=4",
            "child sees closure",
            "child sees closure",
            "child sees closure",
            "child sees fork::static_cleanup",
            "child own handler",
            "child inherited too",
            "child inherited",
            "child static_cleanup",
            // The parent: everything runs, the marked handler included, and its guard is dropped.
            "parent ncallbacks=4",
            "child status=0",
            "parent inherited too",
            "parent removes the pid file",
            "parent drops the guard",
            "parent inherited",
            "parent static_cleanup",
        ]
    );
}
