//! What handlers may do while the handlers run: exit, register, unregister.
use atexit_test_programs::{program, run, target_os};

#[test]
fn exit_in_a_handler_ends_only_that_handler_and_sets_the_status() {
    let exit = run(program!("exit_in_handler"), &[]);
    assert_eq!(
        exit.stdout_lines(),
        [
            "main",
            "third",
            "second",
            "second's local dropped",
            "first",
            "static_last"
        ]
    );
    assert_eq!(exit.code, Some(7));
    assert_eq!(exit.stderr, "");
}

#[test]
fn exit_in_a_handler_overrides_the_status_of_process_exit() {
    let exit = run(program!("exit_in_handler"), &["process-exit"]);
    if target_os() == "windows" {
        // `std::process::exit` runs no handler there (the README's platform table).
        assert_eq!(exit.code, Some(3));
        assert_eq!(exit.stdout_lines(), ["main"]);
        return;
    }
    assert_eq!(exit.code, Some(7));
    assert_eq!(exit.stdout_lines().last(), Some(&"static_last"));
}

#[test]
fn handlers_registered_during_shutdown_run_next_and_unregistered_ones_never() {
    let exit = run(program!("shutdown_changes"), &[]);
    assert_eq!(
        exit.stdout_lines(),
        [
            "main",
            "newest",
            "unregistered victim: true",
            "unregistered static_victim: 1",
            // oldest, the new one, static_registers
            "ncallbacks in handler: 3",
            "registered during shutdown",
            "registered by that one",
            "oldest",
            "static_registers",
            "registered by a static handler",
        ]
    );
    assert_eq!(exit.code, Some(0));
    assert_eq!(exit.stderr, "");
}
