//! A registration still being made by another thread when the handlers run is waited for, not lost.
use atexit_test_programs::{program, run};

#[test]
fn a_registration_still_being_made_at_exit_runs_next_however_slow() {
    // Half a second in the allocator after the sequence number was handed out: far longer than any
    // spin, as long as a preempted or stopped thread may take.
    let exit = run(program!("slow_registration"), &["500"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    assert_eq!(
        exit.stdout_lines(),
        [
            "main returns while a registration is being made",
            "the slow registration's handler ran (7)",
            "the first handler ran",
        ]
    );
}

#[test]
fn a_deadline_that_ends_the_wait_for_a_registration_says_so() {
    let exit = run(program!("slow_registration"), &["5000", "300"]);
    assert_eq!(exit.code, Some(124), "{exit:?}");
    assert_eq!(
        exit.stdout_lines(),
        ["main returns while a registration is being made"]
    );
    let stderr = exit.stderr_lines();
    assert_eq!(stderr.len(), 1, "{exit:?}");
    assert!(
        stderr[0]
            .starts_with("atexit: the exit handlers ran past their 300ms deadline while waiting")
            && stderr[0].ends_with(
                "for registration #1, still being made by another thread; exiting with status 124"
            ),
        "{exit:?}"
    );
}
