//! Registration and exit from many threads at once.
use atexit_test_programs::{program, run, target_os};

fn every_handler_ran_once(stdout: &str) {
    let expected: Vec<String> = (0..100).rev().map(|i| format!("handler {i}")).collect();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn threads_calling_process_exit_at_once_run_each_handler_once() {
    for _ in 0..20 {
        let exit = run(program!("threads_exit"), &[]);
        if target_os() == "windows" {
            // `std::process::exit` runs no handler there (the README's platform table).
            assert_eq!(exit.stdout, "");
        } else {
            every_handler_ran_once(&exit.stdout);
        }
        assert_eq!(exit.code, Some(5));
    }
}

#[test]
fn threads_calling_atexit_exit_at_once_run_each_handler_once() {
    for _ in 0..20 {
        let exit = run(program!("threads_exit"), &["atexit-exit"]);
        every_handler_ran_once(&exit.stdout);
        assert_eq!(exit.code, Some(5));
    }
}

#[test]
fn concurrent_registrations_are_all_kept_and_each_runs_once() {
    let exit = run(program!("concurrent_register"), &[]);
    // 4 threads x 25,000 registrations, plus the static `report`
    assert_eq!(exit.stdout_lines(), ["registered 100001", "ran 100000"]);
    assert_eq!(exit.code, Some(0));
}
