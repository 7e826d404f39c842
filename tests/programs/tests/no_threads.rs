//! A process that can start no thread (at its thread limit, in a sandbox that refuses `clone`):
//! the handlers after one whose thread cannot go on run in place, on that thread, instead of on a
//! new one. Each case runs as it is and with threads refused (`no_threads`), built with `panic =
//! "unwind"` and with `panic = "abort"`. The fault matrix's half without threads is in matrix.rs.
use atexit_test_programs::{no_threads, program, programs_in_profile, run_with_env, Exit};

const REPORT_C: &str = "atexit: handler closure at tests/programs/src/bin/second_failure.rs:31:5 ";
const REPORT_B: &str = "atexit: handler closure at tests/programs/src/bin/second_failure.rs:27:5 ";
const PANICKED: &str = "panicked at tests/programs/src/bin/second_failure.rs:15:20: failed";
/// What the standard library says when a panic starts inside a panic hook, before it aborts.
const PANIC_IN_PANIC_HOOK: &str = "thread panicked while processing panic. aborting.";

/// The standard library refuses a nested `std::process::exit` without holding a lock since Rust
/// 1.88 (rust-lang/rust#139206). Before, it panicked holding its guard's lock, so a second
/// `std::process::exit` on that thread (the rest of the run in place, where no thread can start)
/// waits for that lock forever: the README states it, and those cases are left out here.
#[rustversion::since(1.88)]
const EXIT_GUARD_UNLOCKED: bool = true;
#[rustversion::before(1.88)]
const EXIT_GUARD_UNLOCKED: bool = false;

/// How a case ended: stdout, the runtime's reports, the status or signal.
#[derive(Debug, PartialEq)]
struct Ended {
    stdout: Vec<String>,
    reports: Vec<String>,
    code: Option<i32>,
    signal: Option<i32>,
}

fn second_failure(abort: bool, threads: bool, first: &str, second: &str) -> Option<Exit> {
    let program = if abort {
        programs_in_profile("abort")?.join("second_failure")
    } else {
        program!("second_failure").into()
    };
    let env: &[(&str, &str)] = if threads {
        &[]
    } else {
        &[(no_threads::VARIABLE, "1")]
    };
    Some(run_with_env(
        program.to_str().expect("a UTF-8 path"),
        &[first, second],
        env,
    ))
}

fn ended(exit: &Exit) -> Ended {
    Ended {
        stdout: exit.stdout_lines().into_iter().map(str::to_owned).collect(),
        reports: exit
            .stderr_lines()
            .into_iter()
            .filter(|line| line.starts_with("atexit:"))
            // A refused `std::process::exit`'s report, up to its advice.
            .map(|line| line.split(", which").next().unwrap_or(line).to_owned())
            .collect(),
        code: exit.code,
        signal: exit.signal,
    }
}

fn report(prefix: &str, how: &str) -> String {
    match how {
        "panic" => format!("{prefix}{PANICKED}"),
        "process-exit" => format!("{prefix}called std::process::exit"),
        other => panic!("no report for {other}"),
    }
}

/// The cases that end the same way with and without threads: one handler whose thread cannot go
/// on (a panic under `panic = "abort"`, a refused `std::process::exit` in both modes), then
/// handlers that return, or that fail in a way their thread goes on from.
#[test]
fn one_handler_whose_thread_cannot_go_on_ends_as_with_threads() {
    if !no_threads::supported() {
        eprintln!("skipped: no seccomp filter refuses threads on this target");
        return;
    }
    let mut cases = vec![
        (false, "process-exit", "none"),
        (false, "panic", "panic"),
        (false, "panic", "process-exit"),
        (true, "panic", "none"),
        (true, "process-exit", "none"),
    ];
    cases.retain(|&(abort, ..)| !abort || programs_in_profile("abort").is_some());
    for (abort, first, second) in cases {
        let case = format!("abort: {abort}, {first} then {second}");
        let with = second_failure(abort, true, first, second).expect("built");
        let without = second_failure(abort, false, first, second).expect("built");
        let mut reports = vec![report(REPORT_C, first)];
        if second != "none" {
            reports.push(report(REPORT_B, second));
        }
        let expected = Ended {
            stdout: ["main", "c", "b", "a"].map(str::to_owned).to_vec(),
            reports,
            code: Some(0),
            signal: None,
        };
        assert_eq!(ended(&with), expected, "{case}, with threads: {with:?}");
        assert_eq!(ended(&without), expected, "{case}, without: {without:?}");
    }
}

/// Where no thread can start, the rest of the run goes on inside the panic hook of the handler
/// that could not go on: a second panic there (or a refused `std::process::exit`, which the
/// standard library raises as a panic) aborts the process at once, as the standard library does
/// with any panic inside a panic hook, and the handlers after it do not run.
#[test]
fn a_second_panic_in_the_panic_hook_aborts_at_once() {
    if !no_threads::supported() {
        eprintln!("skipped: no seccomp filter refuses threads on this target");
        return;
    }
    let mut cases = vec![(false, "process-exit", "panic")];
    if EXIT_GUARD_UNLOCKED {
        cases.push((false, "process-exit", "process-exit"));
    }
    if programs_in_profile("abort").is_some() {
        for first in ["panic", "process-exit"] {
            for second in ["panic", "process-exit"] {
                if EXIT_GUARD_UNLOCKED || (first, second) != ("process-exit", "process-exit") {
                    cases.push((true, first, second));
                }
            }
        }
    }
    for (abort, first, second) in cases {
        let case = format!("abort: {abort}, {first} then {second}");
        let without = second_failure(abort, false, first, second).expect("built");
        let expected = Ended {
            stdout: ["main", "c", "b"].map(str::to_owned).to_vec(),
            reports: vec![report(REPORT_C, first)],
            code: None,
            signal: Some(libc::SIGABRT),
        };
        assert_eq!(ended(&without), expected, "{case}: {without:?}");
        assert!(
            without.stderr.contains(PANIC_IN_PANIC_HOOK),
            "{case}: {}",
            without.stderr
        );
        if second == "process-exit" {
            assert!(
                without
                    .stderr
                    .contains("std::process::exit called re-entrantly"),
                "{case}: {}",
                without.stderr
            );
        }
        // With threads the second panic is reported and the rest runs.
        if second == "panic" {
            let with = second_failure(abort, true, first, second).expect("built");
            let expected = Ended {
                stdout: ["main", "c", "b", "a"].map(str::to_owned).to_vec(),
                reports: vec![report(REPORT_C, first), report(REPORT_B, second)],
                code: Some(0),
                signal: None,
            };
            assert_eq!(ended(&with), expected, "{case}, with threads: {with:?}");
        }
    }
}

/// A uid no other process here has: `RLIMIT_NPROC` counts every process and thread of the uid.
const LIMITED_UID: &str = "61029";

/// As a real deployment meets it: an unprivileged user at its process limit
/// (`setpriv --reuid=UID prlimit --nproc=1 PROG`, which only root can start), the `panic =
/// "abort"` build, where every case needs the thread that cannot start. The same lines and status
/// as with threads.
#[test]
fn at_a_users_process_limit_the_handlers_run_as_with_threads() {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"0\n"));
    if !root || !no_threads::supported() || programs_in_profile("abort").is_none() {
        eprintln!("skipped: needs root (to switch users), natively on Linux");
        return;
    }
    let program = programs_in_profile("abort")
        .expect("built")
        .join("second_failure");
    let program = program.to_str().expect("a UTF-8 path");
    let limited = |args: &[&str]| {
        let mut words = vec![
            "--reuid",
            LIMITED_UID,
            "--regid",
            LIMITED_UID,
            "--clear-groups",
            "prlimit",
            "--nproc=1",
            program,
        ];
        words.extend(args);
        run_with_env("setpriv", &words, &[("ATEXIT_TEST_SAY_THREADS", "1")])
    };
    for args in [
        &["panic", "none"][..],
        &["process-exit", "none"],
        &["atexit-exit", "none"],
        &["none", "none", "main-panics"],
        &["atexit-exit", "none", "main-panics"],
    ] {
        let with = run_with_env(program, args, &[("ATEXIT_TEST_SAY_THREADS", "1")]);
        let without = limited(args);
        assert_eq!(ended(&without), ended(&with), "{args:?}: {without:?}");
        assert_eq!(
            with.stdout_lines(),
            ["main", "c", "b", "a"],
            "{args:?}: {with:?}"
        );
        // The limit was met: `main` could not start a thread either.
        assert!(with.stderr.contains("a thread can start: true"), "{with:?}");
        assert!(
            without.stderr.contains("a thread can start: false"),
            "{without:?}"
        );
    }
}
