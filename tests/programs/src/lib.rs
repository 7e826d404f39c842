//! What the tests use to run the test programs as child processes.

pub mod no_threads;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// The path of one of this package's programs, built by Cargo for the integration tests.
#[macro_export]
macro_rules! program {
    ($name:literal) => {
        env!(concat!("CARGO_BIN_EXE_", $name))
    };
}

/// How a child process ended and what it printed.
#[derive(Debug)]
pub struct Exit {
    pub stdout: String,
    pub stderr: String,
    /// The exit status, or `None` if a signal ended the process.
    pub code: Option<i32>,
    /// The signal that ended the process, if one did.
    pub signal: Option<i32>,
}

impl Exit {
    pub fn stdout_lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    pub fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

/// Runs `program` with `args` and waits for it to end.
pub fn run(program: &str, args: &[&str]) -> Exit {
    run_with_env(program, args, &[])
}

/// The operating system the programs run on: this one, or `ATEXIT_TEST_TARGET`'s.
pub fn target_os() -> &'static str {
    match std::env::var("ATEXIT_TEST_TARGET") {
        Ok(target) if target.contains("windows") => "windows",
        Ok(target) if target.contains("linux") => "linux",
        _ => std::env::consts::OS,
    }
}

/// The command that runs `program`. Natively, the program Cargo built beside the test. For another
/// target (scripts/cross.sh), the program of that name in `ATEXIT_TEST_PROGRAMS`, a folder of that
/// target's builds, run through `ATEXIT_TEST_RUNNER` (`qemu-aarch64 -L ...`, `wine`); a program
/// from `programs_in_profile`, already that target's, only through the runner.
pub fn program_command(program: &str) -> Command {
    let path = std::path::Path::new(program);
    // Only this package's programs (absolute paths), not tools such as `bash`.
    let folder = match std::env::var("ATEXIT_TEST_PROGRAMS") {
        Ok(folder) if path.is_absolute() => folder,
        _ => return Command::new(program),
    };
    let mut exe = if path.parent() == Some(&native_programs()) {
        let name = path.file_stem().expect("a program has a file name");
        std::path::Path::new(&folder).join(name)
    } else {
        path.to_path_buf()
    };
    if target_os() == "windows" {
        exe.set_extension("exe");
    }
    let runner = std::env::var("ATEXIT_TEST_RUNNER").unwrap_or_default();
    let mut words = runner.split_whitespace();
    match words.next() {
        Some(first) => {
            let mut command = Command::new(first);
            command.args(words).arg(exe);
            command
        }
        None => Command::new(exe),
    }
}

/// The command for `program`, with none of the runtime's variables inherited from the test's
/// environment: each test sets what it checks.
///
/// On Unix the program starts with SIGHUP, SIGINT, SIGQUIT and SIGTERM at their default actions,
/// whatever the test's were (a test run as a script's background job has SIGINT and SIGQUIT
/// ignored, which `handle_signals` would leave ignored).
fn command(program: &str, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = program_command(program);
    command
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .env_remove("ATEXIT_LOG")
        .env_remove("ATEXIT_TIMEOUT")
        .envs(env.iter().copied());
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
    command
}

/// Runs `program` with `args` and the environment variables `env`, and waits for it to end.
pub fn run_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Exit {
    let Output {
        status,
        stdout,
        stderr,
    } = command(program, args, env)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    exit(status, stdout, stderr)
}

fn exit(status: ExitStatus, stdout: Vec<u8>, stderr: Vec<u8>) -> Exit {
    let stderr = String::from_utf8(stderr).expect("stderr is UTF-8");
    Exit {
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: without_emulator_lines(stderr),
        code: status.code(),
        signal: signal_of(status),
    }
}

/// True when the programs run under qemu-user (scripts/cross.sh, aarch64 and armv7).
pub fn under_qemu() -> bool {
    std::env::var("ATEXIT_TEST_RUNNER").is_ok_and(|runner| runner.starts_with("qemu"))
}

/// `stderr` without the line qemu-user adds of its own when a signal ends the program
/// (`qemu: uncaught target signal 3 (Quit) - core dumped`): not the program's output.
fn without_emulator_lines(stderr: String) -> String {
    if !under_qemu() {
        return stderr;
    }
    stderr
        .split_inclusive('\n')
        .filter(|line| !line.starts_with("qemu: uncaught target signal"))
        .collect()
}

/// The words that run `program`, through the runner if there is one: for a command that starts
/// it (`nohup`, `env`, `unshare`).
pub fn program_words(program: &str) -> Vec<String> {
    let command = program_command(program);
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|word| word.to_str().expect("a UTF-8 path").to_owned())
        .collect()
}

/// `program` as a shell command line, through the runner if there is one (for `bash -c`).
pub fn shell_command(program: &str) -> String {
    let command = program_command(program);
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|word| format!("'{}'", word.to_str().expect("a UTF-8 path")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The signal that ended a process; `None` where there are no signals.
fn signal_of(status: ExitStatus) -> Option<i32> {
    #[cfg(unix)]
    return std::os::unix::process::ExitStatusExt::signal(&status);
    #[cfg(not(unix))]
    return {
        let _ = status;
        None
    };
}

/// A child process the test talks to while it runs: waits for its lines, sends it signals.
pub struct Running {
    child: Child,
    stdout: BufReader<ChildStdout>,
    seen: String,
}

/// Starts `program` with `args` and `env`, its output piped to the test.
pub fn spawn(program: &str, args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut child = command(program, args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    Running {
        child,
        stdout,
        seen: String::new(),
    }
}

impl Running {
    /// The child's process id.
    pub fn pid(&self) -> i32 {
        i32::try_from(self.child.id()).expect("a pid fits an i32")
    }

    /// Reads the child's stdout until the line `line`; what it read stays part of the output.
    pub fn wait_for_line(&mut self, line: &str) {
        loop {
            let start = self.seen.len();
            let read = self.stdout.read_line(&mut self.seen).expect("read stdout");
            assert!(
                read > 0,
                "the child closed stdout before printing {line:?}; it printed {:?}",
                self.seen
            );
            if self.seen[start..].trim_end_matches('\n') == line {
                return;
            }
        }
    }

    /// Sends `signal` to the child.
    #[cfg(unix)]
    pub fn signal(&self, signal: i32) {
        // SAFETY: `kill` only sends a signal; the child has not been reaped, so the pid is its own.
        let sent = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(sent, 0, "kill({}, {signal}) failed", self.pid());
    }

    /// Waits for the child to end (at most a minute) and returns everything it printed.
    pub fn finish(mut self) -> Exit {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for the child") {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "the child did not end within a minute; it printed {:?}",
                    self.seen
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let mut stdout = self.seen.into_bytes();
        self.stdout.read_to_end(&mut stdout).expect("read stdout");
        let mut stderr = Vec::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            pipe.read_to_end(&mut stderr).expect("read stderr");
        }
        exit(status, stdout, stderr)
    }
}

/// The order `static_order` prints; the same in every build profile (see `profiles.rs`).
pub const STATIC_ORDER: [&str; 10] = [
    "main",
    // registered at run time, so after every static handler: runs first
    "dynamic",
    // priority 5 is registered last
    "high",
    // priority 0, crate `static_order`: bottom of the file first
    "c",
    "b",
    "a",
    // priority 0, crate `atexit_test_dep` (sorted before `static_order`)
    "dep_second",
    "dep_first",
    // priority -1, then -5
    "dep_low_priority",
    "low",
];

/// The folder of the programs Cargo built beside the running test: target/<profile>.
fn native_programs() -> std::path::PathBuf {
    // target/<profile>/deps/<test>-<hash>
    let exe = std::env::current_exe().expect("the test's path");
    exe.ancestors()
        .nth(2)
        .expect("the test runs from a target folder")
        .to_path_buf()
}

/// This package's programs built in the Cargo profile `profile` (`abort`: `panic = "abort"`), in
/// the target folder the running test was built in; built once per test process. For another
/// target (`ATEXIT_TEST_PROGRAMS`), the folder `ATEXIT_TEST_PROGRAMS_<PROFILE>` names, where
/// scripts/cross.sh built them, or `None` if it names none.
pub fn programs_in_profile(profile: &'static str) -> Option<std::path::PathBuf> {
    static BUILT: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    if std::env::var_os("ATEXIT_TEST_PROGRAMS").is_some() {
        let variable = format!("ATEXIT_TEST_PROGRAMS_{}", profile.to_uppercase());
        return std::env::var_os(variable)
            .filter(|folder| !folder.is_empty())
            .map(std::path::PathBuf::from);
    }
    let native = native_programs();
    let target = native.parent().expect("target/<profile>");
    let mut built = BUILT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !built.contains(&profile) {
        cargo_build(
            &["--package", "atexit-test-programs", "--bins"],
            profile,
            target,
        );
        built.push(profile);
    }
    Some(target.join(profile))
}

/// Builds and runs `static_order` in the named Cargo profile and returns what it printed.
pub fn static_order_in_profile(profile: &str) -> Exit {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--package",
            "atexit-test-programs",
            "--bin",
            "static_order",
        ])
        .args(["--profile", profile])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cannot run cargo");
    Exit {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        code: output.status.code(),
        signal: signal_of(output.status),
    }
}

/// The file name of `tests/plugin`'s library on the target the programs run on.
fn plugin_file() -> &'static str {
    match target_os() {
        "windows" => "atexit_test_plugin.dll",
        "macos" => "libatexit_test_plugin.dylib",
        _ => "libatexit_test_plugin.so",
    }
}

/// The path of `tests/plugin`'s library, which `plugin_host` loads, built like the programs the
/// test runs: here into the target folder the running test was built in (once per test process),
/// or for another target the one scripts/cross.sh built into `ATEXIT_TEST_PROGRAMS`.
pub fn plugin_library() -> std::path::PathBuf {
    if let Some(folder) = std::env::var_os("ATEXIT_TEST_PROGRAMS") {
        return std::path::Path::new(&folder).join(plugin_file());
    }
    let native = native_programs();
    let profile = native
        .file_name()
        .and_then(|name| name.to_str())
        .expect("target/<profile>");
    build_plugin(if profile == "debug" { "dev" } else { profile });
    native.join(plugin_file())
}

/// `tests/plugin`'s library and `plugin_host` built in the Cargo profile `profile` (`abort`:
/// `panic = "abort"`), as [`programs_in_profile`] builds the programs: the folder that holds
/// both, or `None` for another target whose scripts/cross.sh built none.
pub fn plugin_in_profile(profile: &'static str) -> Option<std::path::PathBuf> {
    let folder = programs_in_profile(profile)?;
    if std::env::var_os("ATEXIT_TEST_PROGRAMS").is_none() {
        build_plugin(profile);
    }
    Some(folder)
}

/// Builds `tests/plugin` in `profile` into the running test's target folder, once per profile.
fn build_plugin(profile: &str) {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut built = BUILT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if built.iter().any(|p| p == profile) {
        return;
    }
    let native = native_programs();
    let target = native.parent().expect("target/<profile>");
    cargo_build(&["--package", "atexit-test-plugin"], profile, target);
    built.push(profile.to_owned());
}

/// `cargo build --quiet` of `what` in the Cargo profile `profile`, into `target`.
fn cargo_build(what: &[&str], profile: &str, target: &std::path::Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "--quiet"])
        .args(what)
        .args(["--profile", profile])
        .arg("--target-dir")
        .arg(target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cannot run cargo");
    assert!(
        status.success(),
        "cargo build {what:?} in profile {profile} failed"
    );
}

/// The path of `tests/plugin`'s library in `folder`, where `plugin_in_profile` found it.
pub fn plugin_path(folder: &std::path::Path) -> std::path::PathBuf {
    folder.join(plugin_file())
}
