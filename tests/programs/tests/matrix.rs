//! The fault matrix: every exit path times every handler behaviour, each cell a child process whose
//! output, order and status are checked against the tables below.
use atexit_test_programs::{program, spawn, target_os, Exit};

/// How the process ends when no handler changes it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ends {
    Code(i32),
    Signal(i32),
}

/// An exit path: the program's argument, the signal the test sends, how the process ends, and what
/// `main` writes to stderr.
struct Path(&'static str, Option<i32>, Ends, Option<&'static str>);

/// A handler behaviour: the program's argument, the handlers run in order, the one `atexit:` line
/// expected on stderr, and the status that replaces the path's.
struct Behaviour(
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    Option<Ends>,
);

const PATHS: &[Path] = &[
    Path("return", None, Ends::Code(0), None),
    Path("process-exit", None, Ends::Code(5), None),
    Path("thread-exit", None, Ends::Code(6), None),
    Path("panic", None, Ends::Code(101), Some("main panicked")),
    Path("atexit-exit", None, Ends::Code(8), None),
    Path(
        "signal",
        Some(libc::SIGINT),
        Ends::Signal(libc::SIGINT),
        None,
    ),
    Path(
        "signal",
        Some(libc::SIGTERM),
        Ends::Signal(libc::SIGTERM),
        None,
    ),
    Path(
        "signal",
        Some(libc::SIGHUP),
        Ends::Signal(libc::SIGHUP),
        None,
    ),
    Path(
        "signal",
        Some(libc::SIGQUIT),
        Ends::Signal(libc::SIGQUIT),
        None,
    ),
];

const BEHAVIOURS: &[Behaviour] = &[
    Behaviour("ok", &["z", "x", "a", "s"], None, None),
    Behaviour(
        "panic",
        &["z", "x", "a", "s"],
        Some("atexit: handler closure at tests/programs/src/bin/matrix.rs:35:17 failed: x failed"),
        None,
    ),
    Behaviour(
        "err",
        &["z", "x", "a", "s"],
        Some("atexit: handler closure at tests/programs/src/bin/matrix.rs:43:17 failed: x failed"),
        None,
    ),
    Behaviour("exit", &["z", "x", "a", "s"], None, Some(Ends::Code(3))),
    Behaviour("register", &["z", "x", "y", "a", "s"], None, None),
    Behaviour("unregister", &["z", "x", "s"], None, None),
    Behaviour(
        "hang",
        &["z", "x"],
        Some(
            "atexit: handler closure at tests/programs/src/bin/matrix.rs:68:17 timed out: \
             still running after ",
        ),
        Some(Ends::Code(124)),
    ),
];

fn ends(exit: &Exit) -> Option<Ends> {
    match (exit.code, exit.signal) {
        (Some(code), _) => Some(Ends::Code(code)),
        (None, Some(signal)) => Some(Ends::Signal(signal)),
        _ => None,
    }
}

/// Runs one cell; the problems found, if any.
fn cell(path: &Path, behaviour: &Behaviour) -> Vec<String> {
    let &Path(path_arg, signal, path_ends, main_stderr) = path;
    let &Behaviour(behaviour_arg, mut order, mut report, mut status) = behaviour;
    if target_os() == "windows" && matches!(path_arg, "process-exit" | "thread-exit") {
        // `std::process::exit` on Windows runs no handler (the README's platform table).
        (order, report, status) = (&[], None, None);
    }
    let mut child = spawn(program!("matrix"), &[path_arg, behaviour_arg], &[]);
    child.wait_for_line("main");
    if let Some(signal) = signal {
        child.signal(signal);
    }
    let exit = child.finish();

    let mut problems = Vec::new();
    let mut expected_stdout = vec!["main"];
    expected_stdout.extend(order);
    if exit.stdout_lines() != expected_stdout {
        problems.push(format!(
            "stdout {:?}, expected {expected_stdout:?}",
            exit.stdout_lines()
        ));
    }
    let expected_ends = status.unwrap_or(path_ends);
    if ends(&exit) != Some(expected_ends) {
        problems.push(format!(
            "ended {:?}, expected {expected_ends:?}",
            ends(&exit)
        ));
    }
    let ours: Vec<&str> = exit
        .stderr_lines()
        .into_iter()
        .filter(|l| l.starts_with("atexit:"))
        .collect();
    let reported = match (report, ours.as_slice()) {
        (None, []) => true,
        (Some(report), [line]) => line.starts_with(report),
        _ => false,
    };
    if !reported {
        problems.push(format!("stderr reports {ours:?}, expected {report:?}"));
    }
    if let Some(message) = main_stderr {
        if !exit.stderr.contains(message) {
            problems.push(format!("stderr lacks {message:?}: {:?}", exit.stderr));
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{path_arg}/{signal:?} x {behaviour_arg}: {p}"))
        .collect()
}

#[test]
fn every_exit_path_times_every_handler_behaviour() {
    let mut problems = Vec::new();
    let mut cells = 0;
    // Signals are Unix's; Windows' console events are checked by scripts/cross.sh.
    let paths = PATHS
        .iter()
        .filter(|path| path.1.is_none() || target_os() != "windows");
    for path in paths {
        for behaviour in BEHAVIOURS {
            problems.extend(cell(path, behaviour));
            cells += 1;
        }
    }
    assert_eq!(cells, if target_os() == "windows" { 35 } else { 63 });
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
