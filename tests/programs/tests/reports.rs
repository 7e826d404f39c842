//! Failure reports (program `reports`): the place a handler panicked, its backtrace, a failure hook
//! of the program's own, `std::process::exit` in a handler, tokio without the feature. Each case
//! runs as built with `panic = "unwind"` and with `panic = "abort"`.

use atexit_test_programs::{program, programs_in_profile, run_with_env, target_os, Exit};

const FILE: &str = "tests/programs/src/bin/reports.rs";

/// The `reports` program of each panic mode that is built here.
fn programs() -> Vec<String> {
    let mut programs = vec![program!("reports").to_owned()];
    if let Some(folder) = programs_in_profile("abort") {
        programs.push(folder.join("reports").to_string_lossy().into_owned());
    }
    programs
}

fn each(args: &[&str], env: &[(&str, &str)], check: impl Fn(&Exit)) {
    for program in programs() {
        let exit = run_with_env(&program, args, env);
        eprintln!("{program} {args:?} {env:?}");
        check(&exit);
    }
}

/// `file:line:column` of the first `marker` in the program's source.
fn at(marker: &str) -> String {
    let source = include_str!("../src/bin/reports.rs");
    let (line, text) = source
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(marker))
        .expect("marker in the source");
    format!("{FILE}:{}:{}", line + 1, text.find(marker).unwrap() + 1)
}

#[test]
fn a_panic_is_reported_with_the_place_it_happened() {
    each(&["default"], &[], |exit| {
        assert_eq!(exit.code, Some(0), "{exit:?}");
        assert_eq!(exit.stdout_lines(), ["the oldest handler ran"]);
        assert_eq!(
            exit.stderr_lines(),
            [
                format!(
                    "atexit: handler closure at {} panicked at {}: no space left: 0 bytes free",
                    at("atexit::register(|| {"),
                    at("panic!(\"no space left")
                ),
                format!(
                    "atexit: handler core::future::pending::Pending<()> ({FILE}:{}) timed out: \
                     still running after 20ms, its own limit; the future was dropped",
                    at("register_async(std::future::pending")
                        .split(':')
                        .nth(1)
                        .unwrap()
                ),
                format!(
                    "atexit: handler closure at {} failed: disk full",
                    at("atexit::register(|| Err")
                ),
            ]
        );
    });
}

#[test]
fn rust_backtrace_adds_the_backtrace_from_where_the_panic_began() {
    if target_os() == "windows" {
        // The frames' names come from debug information the Windows build's unwinder reads
        // through Wine: not what this test is about.
        eprintln!("skipped on Windows");
        return;
    }
    // The `panic = "unwind"` build. Under `panic = "abort"` a backtrace goes only as far as the
    // code's unwind tables, which older compilers leave out of such a build (1.85 does: the
    // standard library's own backtrace stops there too); that build is checked for the report's
    // shape only.
    let unwind = run_with_env(
        program!("reports"),
        &["default"],
        &[("RUST_BACKTRACE", "1")],
    );
    let lines = unwind.stderr_lines();
    assert!(lines[0].contains("panicked at"), "{}", unwind.stderr);
    assert_eq!(lines[1], "stack backtrace:", "{}", unwind.stderr);
    // As the standard library's short backtrace: from the frame that began the panic, without the
    // panic hook's, through the handler's own frames.
    assert!(
        lines[2].starts_with("   0: ") && lines[2].contains("rust_begin_unwind"),
        "{}",
        unwind.stderr
    );
    assert!(
        unwind.stderr.contains("reports::check_disk"),
        "{}",
        unwind.stderr
    );
    assert!(!unwind.stderr.contains("PanicRecord"), "{}", unwind.stderr);
    let full = run_with_env(
        program!("reports"),
        &["default"],
        &[("RUST_BACKTRACE", "full")],
    );
    // As the standard library prints every frame: with the symbols' hashes, which the toolchain's
    // mangling may put after each crate's name (`reports[1a2b...]::check_disk`).
    assert!(full.stderr.contains("::check_disk"), "{}", full.stderr);
    // Every frame, the panic hook's too.
    assert!(full.stderr.contains("PanicRecord"), "{}", full.stderr);
    each(&["default"], &[("RUST_BACKTRACE", "1")], |exit| {
        let lines = exit.stderr_lines();
        assert!(lines[0].contains("panicked at"), "{}", exit.stderr);
        assert_eq!(lines[1], "stack backtrace:", "{}", exit.stderr);
        assert!(lines[2].starts_with("   0: "), "{}", exit.stderr);
        // The other two failures did not panic: no backtrace.
        assert_eq!(exit.stderr.matches("stack backtrace:").count(), 1);
    });
    each(&["default"], &[("RUST_BACKTRACE", "0")], |exit| {
        assert!(!exit.stderr.contains("stack backtrace"), "{}", exit.stderr);
    });
}

/// The hook's line for a failure: `hook: kind | handler | place | message | panicked at | ran Nms
/// | backtrace b`, split at ` | `.
fn fields(line: &str) -> Vec<&str> {
    line.strip_prefix("hook: ")
        .expect("a hook line")
        .split(" | ")
        .collect()
}

fn ran_ms(field: &str) -> u64 {
    field
        .strip_prefix("ran ")
        .and_then(|ms| ms.strip_suffix("ms"))
        .and_then(|ms| ms.parse().ok())
        .expect("ran Nms")
}

#[test]
fn a_failure_hook_receives_each_failure_as_data_and_nothing_goes_to_stderr() {
    each(&["hook"], &[("RUST_BACKTRACE", "1")], |exit| {
        assert_eq!(exit.code, Some(0), "{exit:?}");
        assert_eq!(exit.stderr, "", "{exit:?}");
        let lines = exit.stdout_lines();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert_eq!(lines[3], "the oldest handler ran");

        let panicked = fields(lines[0]);
        let closure = at("atexit::register(|| {");
        assert_eq!(
            panicked[..5],
            [
                "Panicked",
                &format!("closure at {closure}"),
                &closure,
                "no space left: 0 bytes free",
                &format!("panicked at Some({:?})", at("panic!(\"no space left")),
            ]
        );
        // It slept 30 ms before it panicked.
        assert!(ran_ms(panicked[5]) >= 30, "{lines:#?}");
        assert_eq!(panicked[6], "backtrace true");

        let timed_out = fields(lines[1]);
        assert_eq!(timed_out[0], "TimedOut");
        assert_eq!(
            timed_out[3],
            "still running after 20ms, its own limit; the future was dropped"
        );
        assert!(ran_ms(timed_out[5]) >= 20, "{lines:#?}");

        let returned = fields(lines[2]);
        assert_eq!(returned[0], "Returned");
        assert_eq!(returned[3], "disk full");
        assert_eq!(returned[4], "panicked at None");
        assert_eq!(returned[6], "backtrace false");
    });
}

#[test]
fn a_panicking_failure_hook_leaves_the_report_on_stderr_and_the_run_goes_on() {
    // Under `panic = "abort"` a panic in the hook aborts the process (documented); unwind only.
    let exit = run_with_env(program!("reports"), &["hook-panics"], &[]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stdout_lines(), ["the oldest handler ran"]);
    assert_eq!(
        exit.stderr
            .matches("atexit: the failure hook panicked: the hook's own bug")
            .count(),
        3,
        "{}",
        exit.stderr
    );
    assert!(exit.stderr.contains("failed: disk full"), "{}", exit.stderr);
}

#[test]
fn a_handler_past_the_deadline_reaches_the_hook() {
    each(&["deadline"], &[], |exit| {
        assert_eq!(exit.code, Some(124), "{exit:?}");
        assert_eq!(exit.stderr, "", "{exit:?}");
        let lines = exit.stdout_lines();
        assert_eq!(lines.len(), 1, "{lines:#?}");
        let fields = fields(lines[0]);
        assert_eq!(fields[0], "PastDeadline");
        assert!(
            fields[3].starts_with("still running after ")
                && fields[3].ends_with(
                    "past the 200ms deadline of the exit handlers; exiting with status 124"
                ),
            "{lines:#?}"
        );
        // It ran from its start until the deadline, which counts from the start of the run (under
        // qemu the run takes a while to reach it; Windows' timers run late by their tick).
        assert!((100..=400).contains(&ran_ms(fields[5])), "{lines:#?}");
    });
}

#[test]
fn std_process_exit_in_a_handler_says_to_call_atexit_exit_and_the_others_run() {
    if target_os() != "linux" {
        // Only Linux's standard library refuses a nested `exit`; on Windows `std::process::exit`
        // is `ExitProcess`, which ends the process without the other handlers.
        eprintln!("skipped: {} has no nested-exit guard", target_os());
        return;
    }
    let report = format!(
        "atexit: handler closure at {} called std::process::exit, which cannot run while the \
         process exits; call atexit::exit(code) instead: it ends the handler, the others still \
         run, and the status becomes `code`",
        at("atexit::register(|| -> () { std::process::exit(3) })")
    );
    for (args, status) in [
        (&["process-exit"][..], 0),
        (&["process-exit", "exit-5"][..], 5),
    ] {
        each(args, &[], |exit| {
            assert_eq!(exit.code, Some(status), "{exit:?}");
            assert_eq!(
                exit.stdout_lines(),
                ["the newest handler ran", "the oldest handler ran"]
            );
            assert_eq!(exit.stderr_lines(), [report.as_str()]);
        });
    }
}

#[test]
fn a_handler_that_needs_tokio_without_the_feature_is_told_about_the_feature() {
    each(&["tokio"], &[], |exit| {
        assert_eq!(exit.code, Some(0), "{exit:?}");
        assert_eq!(exit.stdout_lines(), ["the oldest handler ran"]);
        assert_eq!(
            exit.stderr_lines(),
            [format!(
                "atexit: handler async block at {} panicked at {}: there is no reactor running, \
                 must be called from the context of a Tokio 1.x runtime (hint: this handler needs \
                 a tokio runtime: with atexit's `tokio` feature, async handlers run inside one)",
                at("atexit::register_async(async {"),
                at("tokio::time::sleep")
            )]
        );
    });
}

/// A panic whose payload panics when dropped: under `panic = "unwind"` the runtime drops it, and
/// says the destructor's panic on one `atexit:` line, not through the standard hook in the middle
/// of the run; under `panic = "abort"` there is no payload to drop.
#[test]
fn a_payload_that_panics_when_dropped_is_said_on_one_line() {
    each(&["payload-drop-panics"], &[], |exit| {
        assert_eq!(exit.code, Some(0), "{exit:?}");
        assert_eq!(exit.stdout_lines(), ["the oldest handler ran"], "{exit:?}");
        let handler = format!(
            "closure at {}",
            at("atexit::register(|| -> () { std::panic::panic_any(Bomb)")
        );
        let mut expected = vec![format!(
            "atexit: handler {handler} panicked at {}: Box<dyn Any>",
            at("std::panic::panic_any(Bomb)")
        )];
        if exit.stderr.contains("when dropped") {
            expected.push(format!(
                "atexit: the panic payload of handler {handler} panicked when dropped: the \
                 payload's destructor panicked"
            ));
        }
        assert_eq!(exit.stderr_lines(), expected, "{exit:?}");
    });
    let unwind = run_with_env(program!("reports"), &["payload-drop-panics"], &[]);
    assert!(unwind.stderr.contains("when dropped"), "{unwind:?}");
}
