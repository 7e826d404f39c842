//! Each recipe's effect on the outside world: the directory is gone, the log file is whole, the
//! message arrived.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// target/<profile>/deps/recipes-<hash> -> target/<profile>/examples/<name>
fn example(name: &str) -> Command {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target dir");
    let mut command = Command::new(profile_dir.join("examples").join(name));
    // A failure's report is one line, whatever the test's environment asks of backtraces.
    command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    default_signals(&mut command);
    command
}

/// Starts an example with its stdout piped.
fn spawn(command: &mut Command) -> Child {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the example")
}

/// The next line the example prints.
fn first_line(child: &mut Child) -> String {
    let stdout = child.stdout.as_mut().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    line.trim_end().to_owned()
}

/// Waits for the example to end (at most 20 s), with what it wrote on stderr.
fn wait(mut child: Child) -> (ExitStatus, String) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status, stderr);
        }
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("the example did not end");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits for the example to end (at most 20 s), with what it wrote on stdout and stderr.
fn wait_output(mut child: Child) -> (ExitStatus, String, String) {
    let mut stdout = child.stdout.take().expect("piped stdout");
    let (status, stderr) = wait(child);
    let mut text = String::new();
    stdout.read_to_string(&mut text).unwrap();
    (status, text, stderr)
}

#[cfg(unix)]
fn terminate(child: &Child) {
    // SAFETY: `kill` on our own child's pid.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
}

#[cfg(unix)]
fn ended_by_sigterm(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(libc::SIGTERM)
}

#[test]
fn temp_dir_is_removed_at_exit() {
    let mut child = spawn(&mut example("temp_dir"));
    let dir = PathBuf::from(first_line(&mut child));
    let (status, stderr) = wait(child);
    assert!(status.success(), "{status:?} {stderr}");
    assert_eq!(stderr, "");
    assert!(!dir.exists(), "{} is still there", dir.display());
}

#[cfg(unix)]
#[test]
fn temp_dir_is_removed_on_sigterm() {
    let mut child = spawn(example("temp_dir").arg("wait"));
    let dir = PathBuf::from(first_line(&mut child));
    assert!(dir.join("state").exists());
    terminate(&child);
    let (status, stderr) = wait(child);
    assert!(ended_by_sigterm(status), "{status:?} {stderr}");
    assert_eq!(stderr, "");
    assert!(!dir.exists(), "{} is still there", dir.display());
}

#[test]
fn the_log_file_keeps_every_line_when_the_program_ends_with_process_exit() {
    let dir = tempfile::tempdir().unwrap();
    let lines = 20_000;
    let child = spawn(example("log_guard").arg(dir.path()).arg(lines.to_string()));
    let (status, stderr) = wait(child);
    assert!(status.success(), "{status:?} {stderr}");
    assert_eq!(stderr, "");
    let log = std::fs::read_to_string(dir.path().join("app.log")).unwrap();
    assert_eq!(log.lines().count(), lines);
    assert!(log
        .lines()
        .last()
        .unwrap()
        .ends_with(&format!("line={}", lines - 1)));
}

/// A listener on a free loopback port.
fn listener() -> TcpListener {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    listener
}

/// What the example sent: its connection is queued by the system even if it ended before
/// `accept`.
fn received(listener: &TcpListener) -> String {
    let (mut stream, _) = listener
        .accept()
        .expect("the example connected before it ended");
    stream.set_nonblocking(false).unwrap();
    let mut message = String::new();
    stream.read_to_string(&mut message).unwrap();
    message
}

#[test]
fn tokio_handler_sends_its_last_message_at_exit() {
    let listener = listener();
    let address = listener.local_addr().unwrap().to_string();
    let mut child = spawn(example("tokio_goodbye").arg(&address));
    let pid = child.id();
    assert_eq!(first_line(&mut child), "done");
    let (status, stderr) = wait(child);
    assert!(status.success(), "{status:?} {stderr}");
    assert_eq!(stderr, "");
    // `main`'s runtime is gone: a current-thread runtime made for the handlers.
    assert_eq!(
        received(&listener),
        format!("goodbye from {pid} on a CurrentThread runtime\n")
    );
}

#[cfg(unix)]
#[test]
fn tokio_handler_sends_its_last_message_on_sigterm_from_the_programs_runtime() {
    let listener = listener();
    let address = listener.local_addr().unwrap().to_string();
    let mut child = spawn(example("tokio_goodbye").args([&address, "serve"]));
    let pid = child.id();
    assert_eq!(first_line(&mut child), "serving");
    terminate(&child);
    let (status, stderr) = wait(child);
    assert!(ended_by_sigterm(status), "{status:?} {stderr}");
    assert_eq!(stderr, "");
    // The program's own runtime, still running `main` (`#[tokio::main]`: multi-threaded).
    assert_eq!(
        received(&listener),
        format!("goodbye from {pid} on a MultiThread runtime\n")
    );
}

/// A pseudo-terminal: the example runs on its `follower` end (stdin, stdout and stderr), and the
/// test reads what it wrote from the `leader` end.
#[cfg(target_os = "linux")]
mod pty {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    pub struct Pty {
        pub leader: OwnedFd,
        pub follower: OwnedFd,
    }

    pub fn open() -> Pty {
        let (mut leader, mut follower) = (-1, -1);
        // SAFETY: both pointers are valid for writing a descriptor; no name, settings or size.
        let opened = unsafe {
            libc::openpty(
                &mut leader,
                &mut follower,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: `openpty` made both descriptors, owned by nothing else.
        unsafe {
            Pty {
                leader: OwnedFd::from_raw_fd(leader),
                follower: OwnedFd::from_raw_fd(follower),
            }
        }
    }

    /// The terminal's settings: the local and input modes, which raw mode changes.
    pub fn modes(fd: &OwnedFd) -> (libc::tcflag_t, libc::tcflag_t) {
        // SAFETY: all-zero bytes are a valid `termios`, which `tcgetattr` then fills.
        let mut settings: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is an open terminal; `settings` is valid for writing.
        assert_eq!(unsafe { libc::tcgetattr(fd.as_raw_fd(), &mut settings) }, 0);
        (settings.c_lflag, settings.c_iflag)
    }

    /// Everything written to the terminal so far.
    pub fn written(leader: &OwnedFd) -> String {
        let mut all = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let mut poll = libc::pollfd {
                fd: leader.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid `pollfd`.
            if unsafe { libc::poll(&mut poll, 1, 100) } <= 0 {
                break;
            }
            // SAFETY: `buffer` is valid for writing its length.
            let n =
                unsafe { libc::read(leader.as_raw_fd(), buffer.as_mut_ptr().cast(), buffer.len()) };
            if n <= 0 {
                break;
            }
            all.extend_from_slice(&buffer[..n as usize]);
        }
        String::from_utf8_lossy(&all).into_owned()
    }
}

/// Runs the terminal example on a fresh pseudo-terminal in `case`, sending it `signal` once it is
/// ready; returns its status, what it wrote to the terminal, and whether the terminal's settings
/// are as they were before it started.
#[cfg(target_os = "linux")]
fn on_a_terminal(case: &str, signal: Option<i32>) -> (ExitStatus, String, bool) {
    let pty = pty::open();
    let before = pty::modes(&pty.follower);
    let stdio = || Stdio::from(pty.follower.try_clone().unwrap());
    let mut child = example("terminal")
        .arg(case)
        .stdin(stdio())
        .stdout(stdio())
        .stderr(stdio())
        .spawn()
        .expect("start the example");
    let mut written = String::new();
    if let Some(signal) = signal {
        let started = Instant::now();
        while !written.contains("ready") {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "not ready: {written:?}"
            );
            written.push_str(&pty::written(&pty.leader));
        }
        // SAFETY: `kill` on our own child's pid.
        unsafe { libc::kill(child.id() as i32, signal) };
    }
    let (status, _) = wait_quietly(&mut child);
    written.push_str(&pty::written(&pty.leader));
    let restored = pty::modes(&pty.follower) == before;
    (status, written, restored)
}

/// Waits for a child whose output goes to a terminal, not a pipe.
#[cfg(target_os = "linux")]
fn wait_quietly(child: &mut Child) -> (ExitStatus, ()) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status, ());
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the example did not end"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The escape sequences of entering and leaving the alternate screen.
#[cfg(target_os = "linux")]
const ENTER_ALTERNATE: &str = "\u{1b}[?1049h";
#[cfg(target_os = "linux")]
const LEAVE_ALTERNATE: &str = "\u{1b}[?1049l";

#[cfg(target_os = "linux")]
#[test]
fn the_terminal_is_restored_at_exit() {
    let (status, written, restored) = on_a_terminal("exit", None);
    assert!(status.success(), "{status:?} {written:?}");
    assert!(restored, "the terminal was left in raw mode: {written:?}");
    let entered = written
        .find(ENTER_ALTERNATE)
        .expect("entered the alternate screen");
    assert!(written[entered..].contains(LEAVE_ALTERNATE), "{written:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_terminal_is_restored_after_a_panic_in_main() {
    let (status, written, restored) = on_a_terminal("panic", None);
    assert_eq!(status.code(), Some(101), "{written:?}");
    assert!(written.contains("something went wrong"), "{written:?}");
    assert!(restored, "the terminal was left in raw mode: {written:?}");
    assert!(written.contains(LEAVE_ALTERNATE), "{written:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_terminal_is_restored_on_sigint_and_sigterm() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let (status, written, restored) = on_a_terminal("wait", Some(signal));
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(signal), "{written:?}");
        assert!(restored, "the terminal was left in raw mode: {written:?}");
        assert!(written.contains(LEAVE_ALTERNATE), "{written:?}");
    }
}

/// What a program did: status, stdout lines, stderr lines.
type Ran = (Option<i32>, Vec<String>, Vec<String>);

/// Runs the `tokio_rules` program in `case`.
fn tokio_rules(case: &str) -> Ran {
    ran(example("tokio_rules").arg(case))
}

/// Runs the `tokio_rules` program built with `panic = "abort"` (the `abort` profile, built in the
/// target folder of the running test, once per test process) in `case`.
fn tokio_rules_abort(case: &str) -> Ran {
    static BUILT: std::sync::Once = std::sync::Once::new();
    // target/<profile>/deps/recipes-<hash> -> target
    let exe = std::env::current_exe().expect("test binary path");
    let target = exe.ancestors().nth(3).expect("target dir").to_path_buf();
    BUILT.call_once(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--example",
                "tokio_rules",
                "--profile",
                "abort",
            ])
            .arg("--target-dir")
            .arg(&target)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo");
        assert!(
            status.success(),
            "building tokio_rules with panic = \"abort\" failed"
        );
    });
    let mut command = Command::new(target.join("abort").join("examples").join("tokio_rules"));
    command
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    default_signals(&mut command);
    ran(command.arg(case))
}

/// Runs `command` to its end (at most 20 s).
fn ran(command: &mut Command) -> Ran {
    let (status, stdout, stderr) = wait_output(spawn(command));
    let lines = |text: String| -> Vec<String> { text.lines().map(str::to_owned).collect() };
    (status.code(), lines(stdout), lines(stderr))
}

/// The place of the `atexit::register_async(` call whose future holds `marker`, in tokio_rules.rs
/// (as the compiler names it: relative to the package).
fn place_of(marker: &str) -> String {
    let file = "tokio_rules.rs";
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let at = lines.iter().position(|l| l.contains(marker)).unwrap();
    let call = (0..=at)
        .rev()
        .find(|&i| lines[i].contains("atexit::register_async("))
        .unwrap();
    let column = lines[call].find("atexit::register_async(").unwrap() + 1;
    format!("{file}:{}:{column}", call + 1)
}

const STATIC_LINE: &str = "static async fn, after a tokio timer";

// Each rule is checked on the program built with `panic = "unwind"` and with `panic = "abort"`
// (where a panic or `atexit::exit` in the handler's thread cannot unwind: the run goes on on
// another thread while that one waits in the panic hook).

fn one_order((code, stdout, stderr): Ran, build: &str) {
    assert_eq!(code, Some(0), "{build}: {stderr:?}");
    assert_eq!(stderr, [] as [String; 0], "{build}");
    assert_eq!(
        stdout,
        ["sync 3", "async 2", "sync 1", STATIC_LINE],
        "{build}"
    );
}

#[test]
fn with_tokio_async_and_sync_handlers_run_in_one_order() {
    one_order(tokio_rules("order"), "unwind");
}

#[test]
fn with_tokio_and_panic_abort_async_and_sync_handlers_run_in_one_order() {
    one_order(tokio_rules_abort("order"), "abort");
}

fn failures_isolated((code, stdout, stderr): Ran, build: &str) {
    assert_eq!(code, Some(0), "{build}: {stderr:?}");
    assert_eq!(stdout, ["the others still ran", STATIC_LINE], "{build}");
    assert_eq!(
        stderr,
        [
            format!(
                "atexit: handler async block at {} panicked at tokio_rules.rs:30:21: tokio boom",
                place_of("tokio boom")
            ),
            format!(
                "atexit: handler async block at {} failed: tokio disk full",
                place_of("tokio disk full")
            ),
        ],
        "{build}"
    );
}

#[test]
fn with_tokio_a_failing_async_handler_is_reported_and_the_others_run() {
    failures_isolated(tokio_rules("failures"), "unwind");
}

#[test]
fn with_tokio_and_panic_abort_a_failing_async_handler_is_reported_and_the_others_run() {
    failures_isolated(tokio_rules_abort("failures"), "abort");
}

fn exit_in_handler((code, stdout, stderr): Ran, build: &str) {
    assert_eq!(code, Some(3), "{build}: {stderr:?}");
    assert_eq!(stderr, [] as [String; 0], "{build}");
    assert_eq!(stdout, ["the others still ran", STATIC_LINE], "{build}");
}

#[test]
fn with_tokio_atexit_exit_in_an_async_handler_sets_the_status_and_the_others_run() {
    exit_in_handler(tokio_rules("exit"), "unwind");
}

#[test]
fn with_tokio_and_panic_abort_atexit_exit_in_an_async_handler_sets_the_status_and_the_others_run() {
    exit_in_handler(tokio_rules_abort("exit"), "abort");
}

fn own_limit((code, stdout, stderr): Ran, build: &str) {
    assert_eq!(code, Some(0), "{build}: {stderr:?}");
    assert_eq!(stdout, ["the next handler ran", STATIC_LINE], "{build}");
    assert_eq!(
        stderr,
        [format!(
            "atexit: handler async block at {} timed out: still running after 100ms, its own limit; \
             the future was dropped",
            place_of("Duration::from_secs(60)")
        )],
        "{build}"
    );
}

#[test]
fn with_tokio_an_async_handler_past_its_own_limit_is_dropped_and_the_next_runs() {
    own_limit(tokio_rules("timeout"), "unwind");
}

#[test]
fn with_tokio_and_panic_abort_an_async_handler_past_its_own_limit_is_dropped_and_the_next_runs() {
    own_limit(tokio_rules_abort("timeout"), "abort");
}

/// Runs the telemetry recipe and counts the spans that reached the exporter (its stdout), read on
/// a thread of its own while the program runs (the spans fill more than a pipe holds).
#[cfg(unix)]
fn exported_spans(args: &[&str]) -> (ExitStatus, usize, String) {
    let mut child = spawn(example("telemetry").args(args));
    let stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter(|line| line.starts_with("Span #"))
            .count()
    });
    if args[0] == "sigterm" {
        let stderr = child.stderr.as_mut().expect("piped stderr");
        let mut line = String::new();
        BufReader::new(stderr).read_line(&mut line).unwrap();
        assert_eq!(line, "ready\n");
        terminate(&child);
    }
    let (status, stderr) = wait(child);
    (status, reader.join().unwrap(), stderr)
}

#[cfg(unix)]
#[test]
fn every_span_reaches_the_exporter_after_process_exit() {
    let (status, spans, stderr) = exported_spans(&["exit", "300"]);
    assert!(status.success(), "{status:?} {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(spans, 300);
    // Without the handler the queued spans are lost: fewer than a batch wait for a 5 s timer.
    let (status, lost, _) = exported_spans(&["exit", "300", "without-handler"]);
    assert!(status.success());
    assert!(lost < 300, "{lost} spans exported without the handler");
}

#[cfg(unix)]
#[test]
fn every_span_reaches_the_exporter_on_sigterm() {
    let (status, spans, stderr) = exported_spans(&["sigterm", "300"]);
    assert!(ended_by_sigterm(status), "{status:?} {stderr}");
    assert_eq!(stderr, "");
    assert_eq!(spans, 300);
}

/// The `teardown` test binary, built by `cargo test --no-run` in the running test's target folder.
#[cfg(target_os = "linux")]
fn teardown_suite() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().expect("test binary path");
            let target = exe.ancestors().nth(3).expect("target dir").to_path_buf();
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
            let output = Command::new(cargo)
                .args(["test", "--quiet", "--no-run", "--test", "teardown"])
                .arg("--message-format=json")
                .arg("--target-dir")
                .arg(&target)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .expect("run cargo");
            assert!(
                output.status.success(),
                "building the teardown suite failed"
            );
            let messages = String::from_utf8(output.stdout).unwrap();
            let line = messages
                .lines()
                .find(|line| {
                    line.contains("\"name\":\"teardown\"") && line.contains("\"executable\":\"")
                })
                .expect("cargo names the test binary");
            let start = line.find("\"executable\":\"").unwrap() + "\"executable\":\"".len();
            PathBuf::from(&line[start..start + line[start..].find('"').unwrap()])
        })
        .clone()
}

/// Runs the suite with `args` and `env`, recording in a log what it started and stopped.
#[cfg(target_os = "linux")]
fn run_suite(args: &[&str], env: &[(&str, &str)], log: &Path) -> (ExitStatus, String, String) {
    let mut command = Command::new(teardown_suite());
    default_signals(&mut command);
    let child = spawn(
        command
            .args(args)
            .env("TEARDOWN_LOG", log)
            .env_remove("TEARDOWN_FAIL")
            .env_remove("TEARDOWN_TEST_FAIL")
            .envs(env.iter().copied()),
    );
    wait_output(child)
}

/// Every server started was stopped, and is gone: `started N` / `stopped N` pairs in the log.
#[cfg(target_os = "linux")]
fn every_server_stopped(log: &Path) -> usize {
    let log = std::fs::read_to_string(log).unwrap_or_default();
    let started: Vec<&str> = log
        .lines()
        .filter_map(|l| l.strip_prefix("started "))
        .collect();
    let stopped: Vec<&str> = log
        .lines()
        .filter_map(|l| l.strip_prefix("stopped "))
        .collect();
    assert_eq!(started, stopped, "{log}");
    for pid in &started {
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "server {pid} still runs"
        );
    }
    started.len()
}

#[cfg(target_os = "linux")]
#[test]
fn a_cargo_test_suite_stops_its_server_once_after_the_last_test() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let (status, stdout, stderr) = run_suite(&[], &[], &log);
    assert!(status.success(), "{status:?} {stdout} {stderr}");
    assert!(stdout.contains("test result: ok. 4 passed"), "{stdout}");
    assert_eq!(every_server_stopped(&log), 1);
    assert!(
        stderr.starts_with("teardown: stopped the test server ("),
        "{stderr}"
    );

    // A failing test: libtest exits with 101, and the server is still stopped.
    let log = dir.path().join("log-failing");
    let (status, stdout, _) = run_suite(&[], &[("TEARDOWN_TEST_FAIL", "1")], &log);
    assert_eq!(status.code(), Some(101), "{stdout}");
    assert_eq!(every_server_stopped(&log), 1);

    // A teardown that fails turns a green run red through `atexit::exit(1)`.
    let log = dir.path().join("log-teardown-fails");
    let (status, stdout, stderr) = run_suite(&[], &[("TEARDOWN_FAIL", "1")], &log);
    assert!(stdout.contains("test result: ok. 4 passed"), "{stdout}");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("could not stop the test server"),
        "{stderr}"
    );
}

/// As `cargo nextest run` runs a test binary: the list from `--list --format terse`, then one
/// process a test, `--exact NAME --nocapture`.
#[cfg(target_os = "linux")]
#[test]
fn under_nextest_each_test_process_stops_the_server_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let (status, list, stderr) = run_suite(&["--list", "--format", "terse"], &[], &log);
    assert!(status.success());
    // Nothing of the teardown on stdout (nextest parses it) or anywhere: no test ran.
    assert_eq!(stderr, "");
    let tests: Vec<&str> = list
        .lines()
        .map(|line| line.strip_suffix(": test").expect("a terse list line"))
        .collect();
    assert_eq!(tests.len(), 4, "{list}");
    for test in &tests {
        let (status, stdout, stderr) = run_suite(&["--exact", test, "--nocapture"], &[], &log);
        assert!(status.success(), "{test}: {stdout} {stderr}");
        let needs_server = *test != "does_not_need_the_server";
        assert_eq!(
            stderr.contains("teardown: stopped"),
            needs_server,
            "{test}: {stderr}"
        );
    }
    // One server a process that needed one.
    assert_eq!(every_server_stopped(&log), 3);
}

/// The program starts with SIGHUP, SIGINT, SIGQUIT and SIGTERM at their default actions, whatever
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
