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
