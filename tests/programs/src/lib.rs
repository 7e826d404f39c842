//! What the tests use to run the test programs as child processes.

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output};

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
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(program)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    Exit {
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        code: status.code(),
        signal: status.signal(),
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
        signal: output.status.signal(),
    }
}
