//! Last in, first out: run-time handlers, then static ones by priority, crate and position.
use atexit_test_programs::{program, run, STATIC_ORDER};

#[test]
fn runtime_handlers_run_last_registered_first() {
    let exit = run(program!("lifo"), &[]);
    assert_eq!(exit.stdout_lines(), ["main", "func2", "func1"]);
    assert_eq!(exit.code, Some(0));
    assert_eq!(exit.stderr, "");
}

#[test]
fn static_handlers_run_after_runtime_ones_by_priority_crate_and_position() {
    let exit = run(program!("static_order"), &[]);
    assert_eq!(exit.stdout_lines(), STATIC_ORDER);
    assert_eq!(exit.code, Some(0));
    assert_eq!(exit.stderr, "");
}

#[test]
fn a_crate_the_binary_never_names_is_not_linked_and_its_handlers_are_not_found() {
    // `static_order` names `atexit_test_dep` with `use atexit_test_dep as _;` and gets its three
    // handlers; `unreferenced` has the same dependency but never names it.
    let exit = run(program!("unreferenced"), &[]);
    assert_eq!(exit.stdout_lines(), ["handlers: 1", "own"]);
}
