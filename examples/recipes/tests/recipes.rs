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
    Command::new(profile_dir.join("examples").join(name))
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

#[test]
fn without_the_handler_the_last_log_lines_are_lost() {
    let dir = tempfile::tempdir().unwrap();
    let lines = 20_000;
    let child = spawn(
        example("log_guard")
            .arg(dir.path())
            .arg(lines.to_string())
            .arg("without-handler"),
    );
    let (status, stderr) = wait(child);
    assert!(status.success(), "{status:?} {stderr}");
    let log = std::fs::read_to_string(dir.path().join("app.log")).unwrap();
    assert!(log.lines().count() < lines, "no line was lost");
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
