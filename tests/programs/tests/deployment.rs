#![cfg(unix)]
//! How a handled signal ends a program where real deployments run it: as PID 1 of a container,
//! under `nohup` or as a background job (signals ignored at start), and with `main` holding the
//! lock of stdout.
use std::time::{Duration, Instant};

use atexit_test_programs::{program, program_words, spawn, under_qemu, Exit};

const RAN: [&str; 4] = ["left ignored: []", "ready", "last", "first"];

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
    for (signal, status) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let mut container = spawn(
            "unshare",
            &[
                "--pid",
                "--fork",
                "--mount-proc",
                program!("deployment"),
                "wait",
            ],
            &[],
        );
        let pid1 = only_child(container.pid());
        container.wait_for_line("ready");
        // SAFETY: `kill` only sends a signal to the program, which is still running.
        assert_eq!(unsafe { libc::kill(pid1, signal) }, 0);
        container.wait_for_line("first");
        let handlers_done = Instant::now();
        let exit = container.finish();
        let ended = handlers_done.elapsed();
        assert_eq!(exit.stdout_lines(), RAN, "signal {signal}: {exit:?}");
        assert_eq!(exit.code, Some(status), "signal {signal}: {exit:?}");
        assert_eq!(exit.stderr, "", "signal {signal}: {exit:?}");
        assert!(ended < Duration::from_secs(1), "it took {ended:?} to end");
    }
}

/// Starts `deployment mode` through `starter` (`nohup`, `env --ignore-signal=INT`, `unshare`).
fn started_by(starter: &[&str], mode: &str) -> atexit_test_programs::Running {
    let words = program_words(program!("deployment"));
    let mut args: Vec<&str> = starter[1..].to_vec();
    args.extend(words.iter().map(String::as_str));
    args.push(mode);
    spawn(starter[0], &args, &[])
}

/// Starts `deployment mode` through `starter`, sends it `ignored` (which must do nothing), then
/// SIGTERM.
fn ignored_then_terminated(starter: &[&str], mode: &str, ignored: i32) -> Exit {
    let mut child = started_by(starter, mode);
    child.wait_for_line("ready");
    child.signal(ignored);
    // Time for the ignored signal to do what it would do; then the one that is handled.
    std::thread::sleep(Duration::from_millis(300));
    child.signal(libc::SIGTERM);
    child.finish()
}

#[test]
fn under_nohup_sighup_stays_ignored_and_sigterm_still_runs_the_handlers() {
    let exit = ignored_then_terminated(&["nohup"], "wait", libc::SIGHUP);
    assert_eq!(
        exit.stdout_lines(),
        ["left ignored: [Hangup]", "ready", "last", "first"],
        "{exit:?}"
    );
    assert_eq!(exit.signal, Some(libc::SIGTERM), "{exit:?}");
    assert!(!exit.stderr.contains("atexit"), "{exit:?}");
}

#[test]
fn started_with_sigint_ignored_as_a_background_job_sigint_stays_ignored() {
    let exit = ignored_then_terminated(&["env", "--ignore-signal=INT"], "wait", libc::SIGINT);
    assert_eq!(
        exit.stdout_lines(),
        ["left ignored: [Interrupt]", "ready", "last", "first"],
        "{exit:?}"
    );
    assert_eq!(exit.signal, Some(libc::SIGTERM), "{exit:?}");
    assert_eq!(exit.stderr, "", "{exit:?}");
}

#[test]
fn handle_signals_even_if_ignored_takes_an_ignored_signal() {
    let mut child = started_by(&["nohup"], "wait-even-if-ignored");
    child.wait_for_line("ready");
    child.signal(libc::SIGHUP);
    let exit = child.finish();
    assert_eq!(exit.stdout_lines(), RAN, "{exit:?}");
    assert_eq!(exit.signal, Some(libc::SIGHUP), "{exit:?}");
}

#[test]
fn main_holding_the_lock_of_stdout_does_not_keep_a_signalled_process_from_ending() {
    let mut child = spawn(program!("deployment"), &["lock-stdout"], &[]);
    child.wait_for_line("ready");
    child.signal(libc::SIGTERM);
    let exit = child.finish();
    assert_eq!(exit.signal, Some(libc::SIGTERM), "{exit:?}");
    assert_eq!(
        exit.stderr_lines(),
        ["handler last", "handler first"],
        "{exit:?}"
    );
}

#[test]
fn a_status_asked_for_while_another_thread_holds_the_lock_of_stdout_ends_the_process_with_it() {
    let exit = spawn(program!("deployment"), &["exit-race"], &[]).finish();
    assert_eq!(exit.code, Some(3), "{exit:?}");
    assert_eq!(
        exit.stderr_lines(),
        ["handler last", "handler asks for 3", "handler first"],
        "{exit:?}"
    );
}
