//! `unregister` knows a function by its type, not its address.
use atexit_test_programs::{program, run};

#[test]
fn unregister_tells_apart_functions_the_optimiser_merged() {
    let exit = run(program!("twins"), &[]);
    let lines = exit.stdout_lines();
    // The scenario is only meaningful if the two functions really share an address.
    assert_eq!(
        lines[0], "same address: true",
        "the build did not merge twin_a and twin_b"
    );
    assert_eq!(lines[1], "unregistered: 2");
    // twin_b, and the three static handlers of atexit_test_dep
    assert_eq!(lines[2], "left: 4");
    assert_eq!(
        lines[3..],
        ["twin", "dep_second", "dep_first", "dep_low_priority"]
    );
}
