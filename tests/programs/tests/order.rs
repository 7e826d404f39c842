//! Last in, first out: run-time handlers, then static ones by priority, crate and position.
use atexit_test_programs::{program, run};

#[test]
fn runtime_handlers_run_last_registered_first() {
    let exit = run(program!("lifo"), &[]);
    assert_eq!(exit.stdout_lines(), ["main", "func2", "func1"]);
    assert_eq!(exit.code, Some(0));
    assert_eq!(exit.stderr, "");
}

/// The order `static_order` prints; the same in every build profile (see `profiles.rs`).
pub const STATIC_ORDER: [&str; 10] = [
    "main",
    // registered at run time, so after every static handler: runs first
    "dynamic",
    // priority 5 is registered last
    "high",
    // priority 0, crate `static_order`: bottom of the file first
    "c",
    "b",
    "a",
    // priority 0, crate `atexit_test_dep` (sorted before `static_order`)
    "dep_second",
    "dep_first",
    // priority -1, then -5
    "dep_low_priority",
    "low",
];

#[test]
fn static_handlers_run_after_runtime_ones_by_priority_crate_and_position() {
    let exit = run(program!("static_order"), &[]);
    assert_eq!(exit.stdout_lines(), STATIC_ORDER);
    assert_eq!(exit.code, Some(0));
    assert_eq!(exit.stderr, "");
}
