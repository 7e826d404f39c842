//! Each example of the Python documents prints exactly what the Python program in its doc comment
//! prints; the examples of what Python lacks do what their doc comments say.
//!
//! The examples are built by `cargo test`; the Python programs run under the machine's `python3`.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn example_binary(name: &str) -> PathBuf {
    // For another target (scripts/cross.sh): that target's examples folder.
    if let Ok(folder) = std::env::var("ATEXIT_TEST_EXAMPLES") {
        let mut exe = Path::new(&folder).join(name);
        if windows_target() {
            exe.set_extension("exe");
        }
        return exe;
    }
    // target/<profile>/deps/examples-<hash> -> target/<profile>/examples/<name>
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target dir");
    profile_dir.join("examples").join(name)
}

fn windows_target() -> bool {
    std::env::var("ATEXIT_TEST_TARGET").is_ok_and(|target| target.contains("windows"))
}

/// The command that runs an example: natively, or through `ATEXIT_TEST_RUNNER` (`qemu-aarch64 -L
/// ...`, `wine`) for another target's build.
fn example_command(name: &str) -> Command {
    let runner = std::env::var("ATEXIT_TEST_RUNNER").unwrap_or_default();
    let mut words = runner.split_whitespace();
    let mut command = match words.next() {
        Some(first) => {
            let mut command = Command::new(first);
            command.args(words).arg(example_binary(name));
            command
        }
        None => Command::new(example_binary(name)),
    };
    // A failure's report is one line, whatever the test's environment asks of backtraces.
    command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    default_signals(&mut command);
    command
}

/// The example starts with SIGHUP, SIGINT, SIGQUIT and SIGTERM at their default actions, whatever
/// the test's were: a test run as a script's background job has SIGINT and SIGQUIT ignored, which
/// `handle_signals` would leave ignored.
fn default_signals(command: &mut Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: between fork and exec the closure only calls `signal`, which is
        // async-signal-safe, and allocates nothing.
        unsafe {
            command.pre_exec(|| {
                for signal in [libc::SIGHUP, libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
                    libc::signal(signal, libc::SIG_DFL);
                }
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = command;
}

/// The ```python block of the example's `//!` comment.
fn python_source(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{name}.rs"));
    let source = std::fs::read_to_string(&path).expect("example source");
    let mut python = String::new();
    let mut inside = false;
    for line in source.lines().filter_map(|l| l.strip_prefix("//!")) {
        let line = line.strip_prefix(' ').unwrap_or(line);
        match (inside, line.trim()) {
            (false, "```python") => inside = true,
            (true, "```") => break,
            (true, _) => {
                python.push_str(line);
                python.push('\n');
            }
            _ => {}
        }
    }
    assert!(!python.is_empty(), "{name}.rs has no ```python block");
    python
}

fn checked(output: Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "{what} wrote to stderr");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn run_rust(name: &str, dir: &Path, args: &[&str]) -> String {
    let output = example_command(name)
        .args(args)
        .env_remove("ATEXIT_LOG")
        .env_remove("ATEXIT_TIMEOUT")
        .current_dir(dir)
        .output()
        .expect("run the example");
    checked(output, name)
}

fn run_python(source: &str, dir: &Path) -> String {
    let output = Command::new("python3")
        .args(["-c", source])
        .current_dir(dir)
        .output()
        .expect("python3 is needed to compare the examples with Python");
    checked(output, "python3")
}

fn prints_what_python_prints(name: &str) {
    let dir = std::env::temp_dir();
    let python = run_python(&python_source(name), &dir);
    let rust = run_rust(name, &dir, &[]);
    assert!(!rust.is_empty(), "{name} printed nothing");
    assert_eq!(rust, python, "{name}");
}

#[test]
fn goodbye() {
    prints_what_python_prints("goodbye");
}

#[test]
fn multiple_handlers() {
    prints_what_python_prints("multiple_handlers");
}

#[test]
fn arguments() {
    prints_what_python_prints("arguments");
}

#[test]
fn closure() {
    prints_what_python_prints("closure");
}

#[test]
fn decorator() {
    prints_what_python_prints("decorator");
}

#[test]
fn goodbye_with_arguments() {
    prints_what_python_prints("goodbye_with_arguments");
}

#[test]
fn unregister() {
    prints_what_python_prints("unregister");
}

#[test]
fn counter_file_is_saved_at_exit() {
    let base = std::env::temp_dir().join(format!("atexit-counter-{}", std::process::id()));
    let (python_dir, rust_dir) = (base.join("python"), base.join("rust"));
    for dir in [&python_dir, &rust_dir] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let python = python_source("counter") + "incrcounter(1)\n";
    for _ in 0..3 {
        run_python(&python, &python_dir);
        run_rust("counter", &rust_dir, &[]);
    }
    let read = |dir: &Path| std::fs::read_to_string(dir.join("counterfile")).unwrap();
    assert_eq!(read(&python_dir), "3");
    assert_eq!(read(&rust_dir), read(&python_dir));
    run_rust("counter", &rust_dir, &["10"]);
    assert_eq!(read(&rust_dir), "13");
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn server_cleans_up_on_ctrl_c_and_ends_interrupted() {
    if windows_target() {
        // Ctrl-C reaches a Windows program through its console: scripts/cross.sh checks that.
        return;
    }
    let mut child = example_command("server")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the server example (built with the `signals` feature)");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let pid_file = first
        .strip_prefix("serving; pid file ")
        .and_then(|rest| rest.strip_suffix("; press Ctrl-C to stop\n"))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_owned();
    assert!(Path::new(&pid_file).exists());
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: sends SIGINT to the child, which has not been reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = child.wait().unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(
        rest,
        "closing 3 connections\nremoved the pid file\nserver stopped\n"
    );
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(libc::SIGINT)
    );
    assert!(!Path::new(&pid_file).exists(), "the pid file is left");
}

#[test]
fn introspect_lists_the_handlers_and_logs_them_with_atexit_log() {
    let output = example_command("introspect")
        .env("ATEXIT_LOG", "1")
        .output()
        .expect("run the introspect example");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        "will run: dynamic[0] closure at examples/introspect.rs:14:5\n\
         will run: static[1] priority 0 introspect::save_state (examples/introspect.rs:9)\n\
         will run: static[0] priority -1 introspect::close_log (examples/introspect.rs:4)\n\
         cache flushed\n\
         log closed\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "atexit: handler introspect::save_state (examples/introspect.rs:9) failed: disk full\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("atexit: 3 handlers ran, 1 failed, in ")),
        "{stderr}"
    );
}

/// A report line with its durations (`12.000µs`, `1.5s`, `100ms`) blanked, which differ each run.
fn without_durations(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let digits = from
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(from.len());
        let unit = ["ns", "µs", "ms", "s"]
            .iter()
            .find(|unit| from[digits..].starts_with(*unit));
        match unit {
            // A number glued to the end of a word (`priority-3`, `x2`) is not a duration.
            Some(unit) if !before.ends_with(|c: char| c.is_alphanumeric()) => {
                out.push_str("<duration>");
                rest = &from[digits + unit.len()..];
            }
            _ => {
                out.push_str(&from[..digits]);
                rest = &from[digits..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `atexit: ` lines of the ```text blocks of a Markdown file or of a source file's `//!` docs.
fn quoted_reports(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("documentation source");
    let mut quoted = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line
            .strip_prefix("//!")
            .map_or(line, |l| l.strip_prefix(' ').unwrap_or(l));
        match (inside, line.trim()) {
            (false, "```text") => inside = true,
            (true, "```") => inside = false,
            (true, report) if report.starts_with("atexit: ") => quoted.push(report.to_owned()),
            _ => {}
        }
    }
    quoted
}

/// Every report the crate docs and the README quote is one `examples/failures.rs` really prints,
/// word for word but for the durations.
#[test]
fn the_reports_the_docs_quote_are_the_real_ones() {
    let mut printed = std::collections::HashSet::new();
    // Arguments, and the environment variable set for them.
    type Mode = (
        &'static [&'static str],
        Option<(&'static str, &'static str)>,
    );
    let mut modes: Vec<Mode> = vec![
        (&[], None),
        (&[], Some(("ATEXIT_LOG", "1"))),
        (&["hang"], None),
    ];
    // On Windows `std::process::exit` is `ExitProcess`: no handler runs, nothing to report.
    if !windows_target() {
        modes.push((&["process-exit"], None));
    }
    for (args, env) in modes {
        let output = example_command("failures")
            .args(args)
            .env_remove("ATEXIT_LOG")
            .env_remove("ATEXIT_TIMEOUT")
            .envs(env)
            .output()
            .expect("run the example");
        let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
        printed.extend(stderr.lines().map(without_durations));
    }
    let mut quoted = quoted_reports("src/lib.rs");
    quoted.extend(quoted_reports("README.md"));
    assert!(quoted.len() >= 10, "{quoted:#?}");
    for report in quoted {
        if windows_target() && report.contains("std::process::exit") {
            continue;
        }
        assert!(
            printed.contains(&without_durations(&report)),
            "quoted in the docs but never printed: {report}\nprinted: {printed:#?}"
        );
    }
}

#[test]
fn durations_are_blanked_and_nothing_else() {
    assert_eq!(
        without_durations("after 12.000µs, past the 5s deadline; status 124, priority-3"),
        "after <duration>, past the <duration> deadline; status 124, priority-3"
    );
}
