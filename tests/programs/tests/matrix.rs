//! The fault matrix: every exit path times every handler behaviour, each cell a child process whose
//! output, order and status are checked against the tables below; built with `panic = "unwind"`
//! and again with `panic = "abort"`, whose differences are tables too; then both again in a
//! process that can start no thread once `main` runs, whose differences are tables too.
use atexit_test_programs::{no_threads, program, programs_in_profile, spawn, target_os, Exit};

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
    Path("thread-panic", None, Ends::Code(0), Some("worker panicked")),
    Path("atexit-exit", None, Ends::Code(8), None),
    Path("run-exitfuncs", None, Ends::Code(0), None),
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
        Some(
            "atexit: handler closure at tests/programs/src/bin/matrix.rs:44:17 panicked at \
             tests/programs/src/bin/matrix.rs:47:21: x failed",
        ),
        None,
    ),
    Behaviour(
        "err",
        &["z", "x", "a", "s"],
        Some("atexit: handler closure at tests/programs/src/bin/matrix.rs:52:17 failed: x failed"),
        None,
    ),
    Behaviour("exit", &["z", "x", "a", "s"], None, Some(Ends::Code(3))),
    Behaviour("register", &["z", "x", "y", "a", "s"], None, None),
    Behaviour("unregister", &["z", "x", "s"], None, None),
    Behaviour(
        "hang",
        &["z", "x"],
        Some(
            "atexit: handler closure at tests/programs/src/bin/matrix.rs:77:17 timed out: \
             still running after ",
        ),
        Some(Ends::Code(124)),
    ),
];

/// Under `panic = "abort"`, a panic outside any handler runs the handlers, then aborts the process
/// as before: these paths end so instead.
const ABORT_PATHS: &[(&str, Ends)] = &[
    ("panic", Ends::Signal(libc::SIGABRT)),
    ("thread-panic", Ends::Signal(libc::SIGABRT)),
];

/// Under `panic = "abort"`, the cells that end otherwise than their path and behaviour say: a
/// handler that panics in a run the program started cannot return to it, so once the other
/// handlers ran the process aborts.
const ABORT_CELLS: &[(&str, &str, Ends)] =
    &[("run-exitfuncs", "panic", Ends::Signal(libc::SIGABRT))];

/// Where no thread can start, the deadline cannot be watched: it is said once, and the handler
/// runs to its end (400 ms), then the others.
const NO_THREADS_HANG: Behaviour = Behaviour(
    "hang",
    &["z", "x", "a", "s"],
    Some("atexit: cannot watch the deadline: Resource temporarily unavailable"),
    None,
);

/// Where no thread can start, under `panic = "abort"`, the handlers of a panic outside any handler
/// run inside its panic hook, where a second panic aborts the process at once: `x`'s panic ends
/// the run, and the standard library says so instead of the runtime's report.
const NO_THREADS_ABORT_CELLS: &[(&str, &str)] = &[("panic", "panic"), ("thread-panic", "panic")];
const PANIC_IN_PANIC_HOOK: &str = "thread panicked while processing panic. aborting.";

/// A build of the programs and the differences of its outcomes from the tables.
struct Build {
    matrix: String,
    paths: &'static [(&'static str, Ends)],
    cells: &'static [(&'static str, &'static str, Ends)],
    /// Built with `panic = "abort"`.
    abort: bool,
    /// The process can start no thread once `main` runs.
    no_threads: bool,
}

fn ends(exit: &Exit) -> Option<Ends> {
    match (exit.code, exit.signal) {
        (Some(code), _) => Some(Ends::Code(code)),
        (None, Some(signal)) => Some(Ends::Signal(signal)),
        _ => None,
    }
}

/// Runs one cell; the problems found, if any.
fn cell(build: &Build, path: &Path, behaviour: &Behaviour) -> Vec<String> {
    let &Path(path_arg, signal, mut path_ends, main_stderr) = path;
    let behaviour = match behaviour.0 {
        "hang" if build.no_threads => &NO_THREADS_HANG,
        _ => behaviour,
    };
    let &Behaviour(behaviour_arg, mut order, mut report, mut status) = behaviour;
    let mut stderr_says = None;
    if build.no_threads
        && build.abort
        && NO_THREADS_ABORT_CELLS.contains(&(path_arg, behaviour_arg))
    {
        (order, report, stderr_says) = (&["z", "x"], None, Some(PANIC_IN_PANIC_HOOK));
    }
    if target_os() == "windows" && matches!(path_arg, "process-exit" | "thread-exit") {
        // `std::process::exit` on Windows runs no handler (the README's platform table).
        (order, report, status) = (&[], None, None);
    }
    if let Some(&(_, ends)) = build.paths.iter().find(|(p, _)| *p == path_arg) {
        path_ends = ends;
    }
    if let Some(&(_, _, ends)) = build
        .cells
        .iter()
        .find(|(p, b, _)| *p == path_arg && *b == behaviour_arg)
    {
        status = Some(ends);
    }
    let env: &[(&str, &str)] = if build.no_threads {
        &[(no_threads::VARIABLE, "1")]
    } else {
        &[]
    };
    let mut child = spawn(&build.matrix, &[path_arg, behaviour_arg], env);
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
    for message in main_stderr.into_iter().chain(stderr_says) {
        if !exit.stderr.contains(message) {
            problems.push(format!("stderr lacks {message:?}: {:?}", exit.stderr));
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{path_arg}/{signal:?} x {behaviour_arg}: {p}"))
        .collect()
}

/// The build of `matrix` in one panic mode, with or without threads; `None` (said) where this
/// target has no such build or cannot refuse threads.
fn build(abort: bool, no_threads: bool) -> Option<Build> {
    if no_threads && !no_threads::supported() {
        eprintln!("skipped: no seccomp filter refuses threads on this target");
        return None;
    }
    if !abort {
        return Some(Build {
            matrix: program!("matrix").to_owned(),
            paths: &[],
            cells: &[],
            abort,
            no_threads,
        });
    }
    let Some(programs) = programs_in_profile("abort") else {
        eprintln!("skipped: the programs of another target are built with panic = \"unwind\"");
        return None;
    };
    Some(Build {
        matrix: programs
            .join("matrix")
            .to_str()
            .expect("a UTF-8 path")
            .to_owned(),
        paths: ABORT_PATHS,
        cells: ABORT_CELLS,
        abort,
        no_threads,
    })
}

#[test]
fn every_exit_path_times_every_handler_behaviour() {
    if let Some(build) = build(false, false) {
        every_cell(&build);
    }
}

#[test]
fn every_exit_path_times_every_handler_behaviour_under_panic_abort() {
    if let Some(build) = build(true, false) {
        every_cell(&build);
    }
}

#[test]
fn every_exit_path_times_every_handler_behaviour_where_no_thread_can_start() {
    if let Some(build) = build(false, true) {
        every_cell(&build);
    }
}

#[test]
fn every_exit_path_times_every_handler_behaviour_under_panic_abort_where_no_thread_can_start() {
    if let Some(build) = build(true, true) {
        every_cell(&build);
    }
}

fn every_cell(build: &Build) {
    let mut problems = Vec::new();
    let mut cells = 0;
    // Signals are Unix's; Windows' console events are checked by scripts/cross.sh.
    let paths = PATHS
        .iter()
        .filter(|path| path.1.is_none() || target_os() != "windows");
    for path in paths {
        for behaviour in BEHAVIOURS {
            problems.extend(cell(build, path, behaviour));
            cells += 1;
        }
    }
    assert_eq!(cells, if target_os() == "windows" { 49 } else { 77 });
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
