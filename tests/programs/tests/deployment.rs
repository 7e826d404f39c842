#![cfg(unix)]
//! How a handled signal ends a program where real deployments run it: as PID 1 of a container,
//! under `nohup` or as a background job (signals ignored at start), and with `main` holding the
//! lock of stdout. Each case runs the program built with `panic = "unwind"` and, where it was
//! built, with `panic = "abort"`.
use std::time::{Duration, Instant};

use atexit_test_programs::{
    program, program_words, programs_in_profile, spawn, under_qemu, Exit, Running,
};

const RAN: [&str; 4] = ["left ignored: []", "ready", "last", "first"];

/// The `deployment` program in each build that can run here: the test's, and the `abort`
/// profile's.
fn builds() -> Vec<String> {
    let mut builds = vec![program!("deployment").to_owned()];
    if let Some(folder) = programs_in_profile("abort") {
        let abort = folder.join("deployment");
        builds.push(abort.to_str().expect("a UTF-8 path").to_owned());
    }
    builds
}

/// Starts `program mode` through `starter` (`nohup`, `env --ignore-signal=INT`, `unshare`).
fn started_by(starter: &[&str], program: &str, mode: &str) -> Running {
    let words = program_words(program);
    let mut args: Vec<&str> = starter[1..].to_vec();
    args.extend(words.iter().map(String::as_str));
    args.push(mode);
    spawn(starter[0], &args, &[])
}

/// True if this machine can make a PID namespace (root and `unshare`, as a container runtime).
fn pid_namespaces() -> bool {
    let made = std::process::Command::new("unshare")
        .args(["--pid", "--fork", "--mount-proc", "true"])
        .stderr(std::process::Stdio::null())
        .status();
    matches!(made, Ok(status) if status.success())
}

/// The child of `unshare --fork`: the program, PID 1 of its namespace.
fn only_child(pid: i32) -> i32 {
    let started = Instant::now();
    loop {
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .expect("read the children of unshare");
        if let Some(child) = children.split_whitespace().next() {
            return child.parse().expect("a pid");
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "unshare made no child"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn as_pid_1_of_a_container_a_handled_signal_ends_the_process_with_128_plus_its_number() {
    if under_qemu() || !pid_namespaces() {
        eprintln!("skipped: this machine cannot make a PID namespace (needs root and unshare)");
        return;
    }
    for program in builds() {
        for (signal, status) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
            let unshare = ["unshare", "--pid", "--fork", "--mount-proc"];
            let mut container = started_by(&unshare, &program, "wait");
            let pid1 = only_child(container.pid());
            container.wait_for_line("ready");
            // SAFETY: `kill` only sends a signal to the program, which is still running.
            assert_eq!(unsafe { libc::kill(pid1, signal) }, 0);
            container.wait_for_line("first");
            let handlers_done = Instant::now();
            let exit = container.finish();
            let ended = handlers_done.elapsed();
            let case = format!("{program}, signal {signal}: {exit:?}");
            assert_eq!(exit.stdout_lines(), RAN, "{case}");
            assert_eq!(exit.code, Some(status), "{case}");
            assert_eq!(exit.stderr, "", "{case}");
            assert!(
                ended < Duration::from_secs(1),
                "{case}: it took {ended:?} to end"
            );
        }
    }
}

/// Starts `program mode` through `starter`, sends it `ignored` (which must do nothing), then
/// SIGTERM.
fn ignored_then_terminated(starter: &[&str], program: &str, mode: &str, ignored: i32) -> Exit {
    let mut child = started_by(starter, program, mode);
    child.wait_for_line("ready");
    child.signal(ignored);
    // Time for the ignored signal to do what it would do; then the one that is handled.
    std::thread::sleep(Duration::from_millis(300));
    child.signal(libc::SIGTERM);
    child.finish()
}

#[test]
fn under_nohup_sighup_stays_ignored_and_sigterm_still_runs_the_handlers() {
    for program in builds() {
        let exit = ignored_then_terminated(&["nohup"], &program, "wait", libc::SIGHUP);
        let case = format!("{program}: {exit:?}");
        assert_eq!(
            exit.stdout_lines(),
            ["left ignored: [Hangup]", "ready", "last", "first"],
            "{case}"
        );
        assert_eq!(exit.signal, Some(libc::SIGTERM), "{case}");
        assert!(!exit.stderr.contains("atexit"), "{case}");
    }
}

#[test]
fn started_with_sigint_ignored_as_a_background_job_sigint_stays_ignored() {
    for program in builds() {
        let env = ["env", "--ignore-signal=INT"];
        let exit = ignored_then_terminated(&env, &program, "wait", libc::SIGINT);
        let case = format!("{program}: {exit:?}");
        assert_eq!(
            exit.stdout_lines(),
            ["left ignored: [Interrupt]", "ready", "last", "first"],
            "{case}"
        );
        assert_eq!(exit.signal, Some(libc::SIGTERM), "{case}");
        assert_eq!(exit.stderr, "", "{case}");
    }
}

#[test]
fn handle_signals_even_if_ignored_takes_an_ignored_signal() {
    for program in builds() {
        let mut child = started_by(&["nohup"], &program, "wait-even-if-ignored");
        child.wait_for_line("ready");
        child.signal(libc::SIGHUP);
        let exit = child.finish();
        assert_eq!(exit.stdout_lines(), RAN, "{program}: {exit:?}");
        assert_eq!(exit.signal, Some(libc::SIGHUP), "{program}: {exit:?}");
    }
}

#[test]
fn main_holding_the_lock_of_stdout_does_not_keep_a_signalled_process_from_ending() {
    for program in builds() {
        let mut child = spawn(&program, &["lock-stdout"], &[]);
        child.wait_for_line("ready");
        child.signal(libc::SIGTERM);
        let exit = child.finish();
        let case = format!("{program}: {exit:?}");
        assert_eq!(exit.signal, Some(libc::SIGTERM), "{case}");
        assert_eq!(
            exit.stderr_lines(),
            ["handler last", "handler first"],
            "{case}"
        );
    }
}

#[test]
fn a_status_asked_for_while_another_thread_holds_the_lock_of_stdout_ends_the_process_with_it() {
    for program in builds() {
        let exit = spawn(&program, &["exit-race"], &[]).finish();
        let case = format!("{program}: {exit:?}");
        assert_eq!(exit.code, Some(3), "{case}");
        assert_eq!(
            exit.stderr_lines(),
            ["handler last", "handler asks for 3", "handler first"],
            "{case}"
        );
    }
}
