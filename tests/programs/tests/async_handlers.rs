//! Async handlers run in the one last-in, first-out order, fail and time out like synchronous
//! ones, under the same deadline.
use atexit_test_programs::{program, programs_in_profile, run, Exit};

/// Where the program registers its run-time handlers.
const FILE: &str = "tests/programs/src/bin/async_handlers.rs";

/// The program's source, by line.
fn source() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/bin/async_handlers.rs");
    let source = std::fs::read_to_string(path).expect("the program's source");
    source.lines().map(str::to_owned).collect()
}

/// The index of the first line of `lines` that holds `marker`.
fn index_of(lines: &[String], marker: &str) -> usize {
    lines
        .iter()
        .position(|line| line.contains(marker))
        .expect("the marker is in the source")
}

/// `file:line:column` of the `atexit::register_async(` call whose future holds `marker`, read from
/// the program's source, as a closure's name gives it.
fn place_of(marker: &str) -> String {
    let lines = source();
    let call = (0..=index_of(&lines, marker))
        .rev()
        .find(|&i| lines[i].contains("atexit::register_async("))
        .expect("a register_async call before the marker");
    let column = lines[call].find("atexit::register_async(").unwrap() + 1;
    format!("{FILE}:{}:{column}", call + 1)
}

/// `file:line:column` of `marker` itself in the program's source.
fn place_of_marker(marker: &str) -> String {
    let lines = source();
    let at = index_of(&lines, marker);
    let column = lines[at].find(marker).unwrap() + 1;
    format!("{FILE}:{}:{column}", at + 1)
}

/// The line of the program's source that holds `marker`.
fn line_of(marker: &str) -> usize {
    index_of(&source(), marker) + 1
}

fn static_lines(timed: &'static str) -> [&'static str; 3] {
    [
        "static fn",
        "static async fn, after a wake from another thread",
        timed,
    ]
}

#[test]
fn async_and_sync_handlers_run_in_one_order() {
    let exit = run(program!("async_handlers"), &["order"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    let mut expected = vec![
        "8 handlers",
        "async 4",
        "async 3b (register_async_with!)",
        "sync 3 (register_with!)",
        "async 2",
        "sync 1",
    ];
    expected.extend(static_lines("static async fn with a limit"));
    assert_eq!(exit.stdout_lines(), expected);
}

/// The `failures` case ended as it must: both failures reported, the others run, status 0.
fn failures_reported(exit: &Exit) {
    assert_eq!(exit.code, Some(0), "{exit:?}");
    let mut expected = vec!["the others still ran"];
    expected.extend(static_lines("static async fn with a limit"));
    assert_eq!(exit.stdout_lines(), expected);
    assert_eq!(
        exit.stderr_lines(),
        [
            format!(
                "atexit: handler async block at {} panicked at {}: async boom",
                place_of("async boom"),
                place_of_marker("panic!(\"async boom\")")
            ),
            format!(
                "atexit: handler async block at {} failed: async disk full",
                place_of("async disk full")
            ),
        ]
    );
}

#[test]
fn an_async_handler_that_panics_or_returns_err_is_reported_and_the_others_run() {
    let exit = run(program!("async_handlers"), &["failures"]);
    failures_reported(&exit);
}

#[test]
fn an_async_handler_past_its_own_limit_is_dropped_and_reported_and_the_next_runs() {
    let exit = run(program!("async_handlers"), &["timeout"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    let mut expected = vec!["the next handler ran"];
    expected.extend(&static_lines("")[..2]);
    assert_eq!(exit.stdout_lines(), expected);
    assert_eq!(
        exit.stderr_lines(),
        [
            format!(
                "atexit: handler async block at {} timed out: still running after 100ms, its own \
                 limit; the future was dropped",
                place_of("timeout(Duration::from_millis(100))")
            ),
            format!(
                "atexit: handler async_handlers::static_timed ({FILE}:{}) timed out: still running \
                 after 200ms, its own limit; the future was dropped",
                line_of("async fn static_timed")
            ),
        ]
    );
}

#[test]
fn the_deadline_of_all_handlers_covers_async_ones() {
    let exit = run(program!("async_handlers"), &["deadline"]);
    assert_eq!(exit.code, Some(124), "{exit:?}");
    assert_eq!(exit.stdout_lines(), ["an async handler that never ends"]);
    let stderr = exit.stderr_lines();
    assert_eq!(stderr.len(), 1, "{exit:?}");
    assert!(
        stderr[0].starts_with(&format!(
            "atexit: handler async block at {} timed out",
            place_of("an async handler that never ends")
        )),
        "{exit:?}"
    );
}

#[test]
fn remaining_tells_a_handler_the_time_left_before_the_deadline() {
    let exit = run(program!("async_handlers"), &["remaining"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    let mut expected = vec![
        "remaining outside a run: None",
        "remaining in an async handler: true",
    ];
    expected.extend(static_lines("static async fn with a limit"));
    assert_eq!(exit.stdout_lines(), expected);
}

#[test]
fn async_handlers_are_unregistered_like_the_others() {
    let exit = run(program!("async_handlers"), &["unregister"]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    assert_eq!(exit.stderr, "");
    assert_eq!(
        exit.stdout_lines(),
        [
            "unregistered: true",
            "static async fn removed: 1",
            "async fn with arguments removed: 1",
            "ncallbacks: 3",
            "kept",
            "static fn",
            "static async fn with a limit",
        ]
    );
}

#[test]
fn atexit_log_logs_async_handlers_as_the_others() {
    let exit = atexit_test_programs::run_with_env(
        program!("async_handlers"),
        &["order"],
        &[("ATEXIT_LOG", "1")],
    );
    assert_eq!(exit.code, Some(0), "{exit:?}");
    let stderr = exit.stderr_lines();
    let async_2 = format!("atexit: running async block at {}", place_of("async 2"));
    let static_async = format!("atexit: running async_handlers::static_async ({FILE}:");
    assert!(stderr.iter().any(|l| *l == async_2), "{stderr:#?}");
    assert!(
        stderr.iter().any(|l| l.starts_with(&static_async)),
        "{stderr:#?}"
    );
    assert_eq!(
        stderr
            .last()
            .map(|l| l.starts_with("atexit: 8 handlers ran, 0 failed, in ")),
        Some(true),
        "{stderr:#?}"
    );
}

#[test]
fn under_panic_abort_an_async_handler_that_panics_is_reported_and_the_others_run() {
    let Some(programs) = programs_in_profile("abort") else {
        eprintln!("skipped: the programs of another target are built with panic = \"unwind\"");
        return;
    };
    let program = programs.join("async_handlers");
    let exit = run(program.to_str().expect("a UTF-8 path"), &["failures"]);
    // The status is the one the process was exiting with where the C library tells it (glibc).
    failures_reported(&exit);
}
