#![cfg(unix)]
//! A forked child inherits the handlers, except those marked `this_process_only`, and does not
//! depend on its parent's threads.
use atexit_test_programs::{program, run, under_qemu};

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

#[test]
fn a_handled_signal_sent_to_a_forked_child_runs_its_handlers_and_ends_it_by_that_signal() {
    if under_qemu() {
        // qemu-user fails its own assertions (qemu_plugin_vcpu_init_hook, cpu_exec) when the
        // child of a multi-threaded program starts a thread: the emulator, not the program, breaks.
        eprintln!("skipped under qemu-user: it cannot start a thread in a forked child");
        return;
    }
    let exit = run(program!("fork"), &["signal"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    assert_eq!(
        exit.stdout_lines(),
        [
            "child handler",
            "child static_cleanup",
            "parent: the child ended by signal 15",
            "parent handler",
            "parent static_cleanup",
        ]
    );
}

/// A forked child that cannot start the thread that would run its handlers on a handled signal
/// says so, and the signal ends it as it would without `handle_signals` (left handled, the signal
/// would be lost and the child would go on).
#[test]
fn a_forked_child_that_cannot_start_its_signal_thread_is_still_ended_by_the_signal() {
    if !atexit_test_programs::no_threads::supported() {
        eprintln!("skipped: no seccomp filter refuses threads on this target");
        return;
    }
    let exit = atexit_test_programs::run_with_env(
        program!("fork"),
        &["signal"],
        &[(atexit_test_programs::no_threads::VARIABLE, "1")],
    );
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(
        exit.stderr,
        "atexit: cannot handle signals in this forked child (no thread): they end it without \
         running the handlers\n"
    );
    assert_eq!(
        exit.stdout_lines(),
        [
            "parent: the child ended by signal 15",
            "parent handler",
            "parent static_cleanup",
        ]
    );
}

#[test]
fn a_child_forked_while_another_thread_runs_the_handlers_exits_running_those_not_yet_taken() {
    let exit = run(program!("fork"), &["during-run"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    assert_eq!(
        exit.stdout_lines(),
        [
            "parent newest handler",
            "parent slow handler starts",
            // The child: the newest handler ran in the parent and the slow one is the parent's
            // run's, in progress; the oldest was not taken yet, so the child runs it.
            "child exits",
            "child oldest handler",
            "child static_cleanup",
            "parent: the child exited with status 0",
            "parent slow handler ends",
            "parent oldest handler",
            "parent static_cleanup",
        ]
    );
}
