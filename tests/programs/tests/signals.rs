#![cfg(unix)]
//! Opt-in signal handling: the handlers run, then the process ends by the same signal.
use atexit_test_programs::{program, run, shell_command, spawn, Exit};

const RAN: [&str; 4] = ["ready", "last", "first", "static_cleanup"];

fn signalled(mode: &str, signal: i32) -> Exit {
    let mut child = spawn(program!("signals"), &[mode], &[]);
    child.wait_for_line("ready");
    child.signal(signal);
    child.finish()
}

#[test]
fn each_handled_signal_runs_the_handlers_and_then_ends_the_process_by_that_signal() {
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
        let exit = signalled("wait", signal);
        assert_eq!(exit.stdout_lines(), RAN, "signal {signal}: {exit:?}");
        assert_eq!(exit.signal, Some(signal), "{exit:?}");
        assert_eq!(exit.code, None, "{exit:?}");
        assert_eq!(exit.stderr, "", "{exit:?}");
    }
}

#[test]
fn without_handle_signals_a_signal_kills_the_process_and_no_handler_runs() {
    let exit = signalled("unhandled", libc::SIGTERM);
    assert_eq!(exit.stdout_lines(), ["ready"]);
    assert_eq!(exit.signal, Some(libc::SIGTERM));
}

#[test]
fn a_shell_sees_status_143_after_sigterm() {
    let script = format!(
        "{} self; echo \"status=$?\"",
        shell_command(program!("signals"))
    );
    let exit = run("bash", &["-c", &script]);
    let mut expected = RAN.to_vec();
    expected.push("status=143");
    assert_eq!(exit.stdout_lines(), expected, "{exit:?}");
}

#[test]
fn a_second_signal_while_the_handlers_run_ends_the_process_at_once() {
    let mut child = spawn(program!("signals"), &["slow"], &[]);
    child.wait_for_line("ready");
    child.signal(libc::SIGINT);
    child.wait_for_line("last");
    child.wait_for_line("slow started");
    let started = std::time::Instant::now();
    child.signal(libc::SIGINT);
    let exit = child.finish();
    assert!(
        started.elapsed().as_secs() < 30,
        "it waited for the handler"
    );
    assert_eq!(exit.stdout_lines(), ["ready", "last", "slow started"]);
    assert_eq!(exit.signal, Some(libc::SIGINT));
}

#[test]
fn atexit_exit_in_a_handler_sets_the_status_instead_of_the_signal() {
    let exit = signalled("exit-in-handler", libc::SIGTERM);
    assert_eq!(
        exit.stdout_lines(),
        ["ready", "last", "exiting with 7", "first", "static_cleanup"]
    );
    assert_eq!(exit.code, Some(7), "{exit:?}");
}

#[test]
fn main_returning_meanwhile_waits_for_the_handlers_and_the_signal_still_ends_the_process() {
    let exit = signalled("main-exits", libc::SIGTERM);
    assert_eq!(exit.signal, Some(libc::SIGTERM), "{exit:?}");
    let lines = exit.stdout_lines();
    // `main returns` comes while the slow handler sleeps; every handler runs once, in order.
    let handlers: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| *l != "main returns")
        .collect();
    assert_eq!(
        handlers,
        [
            "ready",
            "last",
            "slow started",
            "slow done",
            "first",
            "static_cleanup"
        ]
    );
    assert!(lines.contains(&"main returns"), "{lines:?}");
}
