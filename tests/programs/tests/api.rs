//! Python's module functions: `register(func, *args)`, `unregister`, `_run_exitfuncs`, `_clear`,
//! `_ncallbacks`.
use atexit_test_programs::{program, run};

fn scenario(name: &str) -> Vec<String> {
    let exit = run(program!("api"), &[name]);
    assert_eq!(exit.code, Some(0), "{}", exit.stderr);
    assert_eq!(exit.stderr, "");
    exit.stdout.lines().map(str::to_owned).collect()
}

#[test]
fn ncallbacks_counts_static_and_runtime_handlers() {
    assert_eq!(
        scenario("ncallbacks"),
        [
            "start 1",
            "after two 3",
            "after unregister 2",
            "main done",
            "b",
            "static_handler"
        ]
    );
}

#[test]
fn run_exitfuncs_runs_handlers_once_and_later_ones_at_exit() {
    assert_eq!(
        scenario("run-exitfuncs"),
        ["b", "a", "static_handler", "after run 0", "main done", "c"]
    );
}

#[test]
fn clear_removes_every_handler() {
    assert_eq!(scenario("clear"), ["after clear 0", "main done"]);
}

#[test]
fn register_with_moves_the_arguments_in_at_registration() {
    assert_eq!(
        scenario("register-with"),
        [
            "main done",
            "after greet",
            "goodbye Alice changed x1",
            "goodbye Alice x2",
            "static_handler"
        ]
    );
}

#[test]
fn unregister_removes_every_registration_of_a_function() {
    assert_eq!(
        scenario("unregister"),
        [
            "removed greet 2",
            "removed static 1",
            "removed again 0",
            "main done",
            "kept"
        ]
    );
}

#[test]
fn the_same_function_registered_twice_runs_twice() {
    assert_eq!(
        scenario("same-twice"),
        [
            "main done",
            "static_handler",
            "static_handler",
            "static_handler"
        ]
    );
}

#[test]
fn a_registration_unregisters_exactly_itself() {
    assert_eq!(
        scenario("registration"),
        [
            "sequences increase true",
            "first unregister true",
            "main done",
            "kept",
            "static_handler"
        ]
    );
}

#[test]
fn closures_of_every_size_run_and_are_dropped_exactly_once() {
    assert_eq!(
        scenario("storage"),
        [
            "dropped room",
            "dropped box",
            "main done",
            "running ran",
            "dropped ran",
            "zero-sized",
            "small 7",
            "pair 3",
            "triple 6",
            "u128 5",
            "static_handler"
        ]
    );
}
