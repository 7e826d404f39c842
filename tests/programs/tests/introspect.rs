//! `atexit::handlers()` lists what will run, in the order it runs; `ATEXIT_LOG=1` logs each run.
use atexit_test_programs::{program, run, run_with_env};

const SOURCE: &str = "tests/programs/src/bin/introspect.rs";

#[test]
fn handlers_lists_every_handler_in_the_order_they_run() {
    let exit = run(program!("introspect"), &[]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    let listed = [
        format!("dynamic[3] this-process-only closure at {SOURCE}:31:5"),
        format!("dynamic[1] introspect::greet ({SOURCE}:29)"),
        format!("dynamic[0] introspect::flush ({SOURCE}:28)"),
        format!("static[2] priority 2 introspect::stop_workers ({SOURCE}:23)"),
        format!("static[1] priority 0 introspect::save_state ({SOURCE}:18)"),
        format!("static[0] priority -3 introspect::close_log ({SOURCE}:13)"),
    ];
    let ran = [
        "run closure",
        "run greet Ada",
        "run flush",
        "run stop_workers",
        "run save_state",
        "run close_log",
    ];
    let mut expected: Vec<&str> = listed.iter().map(String::as_str).collect();
    expected.push("main");
    expected.extend(ran);
    assert_eq!(exit.stdout_lines(), expected);
}

#[test]
fn atexit_log_logs_each_handler_and_sums_the_run_up() {
    let exit = run_with_env(program!("failing"), &[], &[("ATEXIT_LOG", "1")]);
    assert_eq!(exit.code, Some(0), "{exit:?}");
    let failing = "tests/programs/src/bin/failing.rs";
    // (handler, failed): in the order they run.
    let handlers = [
        (format!("closure at {failing}:38:5"), false),
        (format!("closure at {failing}:31:5"), true),
        (format!("closure at {failing}:27:5"), false),
        (format!("failing::failing_result ({failing}:26)"), true),
        (format!("failing::first ({failing}:25)"), false),
        (format!("failing::static_panic ({failing}:10)"), true),
        (format!("failing::static_err ({failing}:4)"), true),
    ];
    let lines = exit.stderr_lines();
    let mut at = 0;
    for (name, failed) in &handlers {
        assert_eq!(lines[at], format!("atexit: running {name}"), "{lines:#?}");
        at += 1;
        if *failed {
            let failed = format!("atexit: handler {name} failed: ");
            let panicked = format!("atexit: handler {name} panicked at ");
            assert!(
                lines[at].starts_with(&failed) || lines[at].starts_with(&panicked),
                "{lines:#?}"
            );
            at += 1;
            let end = format!("atexit: failed {name} after ");
            assert!(lines[at].starts_with(&end), "{lines:#?}");
        } else {
            let end = format!("atexit: finished {name} in ");
            assert!(lines[at].starts_with(&end), "{lines:#?}");
        }
        assert!(lines[at].ends_with('s'), "a duration: {}", lines[at]);
        at += 1;
    }
    assert!(
        lines[at].starts_with("atexit: 7 handlers ran, 4 failed, in "),
        "{lines:#?}"
    );
    assert_eq!(lines.len(), at + 1, "{lines:#?}");
}

#[test]
fn without_atexit_log_nothing_is_logged() {
    for value in [None, Some("0"), Some("")] {
        let env: Vec<(&str, &str)> = value.map(|v| ("ATEXIT_LOG", v)).into_iter().collect();
        let exit = run_with_env(program!("introspect"), &[], &env);
        assert_eq!(exit.stderr, "", "ATEXIT_LOG={value:?}");
    }
}
