//! A handler's failure as data: what the failure hook receives, and what the default report
//! prints.

use std::backtrace::Backtrace;
use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::registry::origin::Origin;

/// How a handler failed: what a failure hook ([`set_failure_hook`](crate::set_failure_hook))
/// reads with [`Failure::kind`].
///
/// ```
/// atexit::set_failure_hook(|failure| match failure.kind() {
///     // The process is about to exit with TIMEOUT_STATUS: say so loudly.
///     atexit::FailureKind::PastDeadline => eprintln!("SHUTDOWN HUNG: {failure}"),
///     _ => eprintln!("shutdown: {failure}"),
/// });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureKind {
    /// It panicked.
    Panicked,
    /// It returned `Err`; the message is the error's `Display`.
    Returned,
    /// An async handler's future was still pending at the handler's own limit
    /// ([`Registration::timeout`](crate::Registration::timeout), `timeout = "..."`), and was
    /// dropped. The run goes on.
    TimedOut,
    /// The handler was still running when the deadline of the whole run
    /// ([`set_timeout`](crate::set_timeout), `ATEXIT_TIMEOUT`) passed: the process exits with
    /// [`TIMEOUT_STATUS`](crate::TIMEOUT_STATUS) right after this report.
    PastDeadline,
    /// It called [`std::process::exit`], which cannot run while the process exits: the standard
    /// library stops it, and the runtime runs the other handlers. Call [`exit`](crate::exit) in a
    /// handler instead.
    ProcessExit,
}

/// Where a handler panicked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PanicPlace {
    pub(crate) file: String,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

/// One handler's failure, as the failure hook ([`set_failure_hook`](crate::set_failure_hook))
/// receives it.
///
/// Its `Display` is the report the runtime writes to stderr without a hook (without the `atexit: `
/// in front); `{:#}` adds the backtrace, when there is one.
///
/// ```
/// use std::sync::Mutex;
///
/// static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());
///
/// atexit::set_failure_hook(|failure| {
///     // A program using `log` or `tracing` would send it there: log::error!("{failure}").
///     let (file, line, _column) = failure.panic_location().unwrap();
///     let (registered_in, _, _) = failure.handler_location();
///     assert_eq!(registered_in, file);
///     assert!(failure.handler().starts_with("closure at "));
///     assert!(failure.backtrace().is_none() || std::env::var_os("RUST_BACKTRACE").is_some());
///     assert!(failure.elapsed() >= std::time::Duration::from_millis(1));
///     assert_eq!(failure.hint(), None);
///     SEEN.lock().unwrap().push(format!("{:?} {} at line {line}", failure.kind(), failure.message()));
/// });
/// atexit::register(|| -> () {
///     std::thread::sleep(std::time::Duration::from_millis(1));
///     panic!("disk full");
/// });
/// atexit::run_exitfuncs();
/// assert_eq!(SEEN.lock().unwrap()[0], format!("Panicked disk full at line {}", line!() - 3));
/// ```
pub struct Failure<'a> {
    pub(crate) origin: &'a Origin,
    pub(crate) kind: FailureKind,
    pub(crate) message: &'a str,
    pub(crate) panic: Option<&'a PanicPlace>,
    pub(crate) backtrace: Option<&'a Backtrace>,
    pub(crate) elapsed: Duration,
}

impl Failure<'_> {
    /// The handler's name as [`handlers`](crate::handlers) gives it: the function's path
    /// (`my_app::save_state`), or `closure at file:line:column` (`async block at file:line:column`
    /// for an async block given to [`register_async`](crate::register_async)).
    pub fn handler(&self) -> Cow<'static, str> {
        self.origin.name()
    }

    /// Where the handler is: the function's definition for `#[atexit::register]`, the call that
    /// registered it otherwise; `(file, line, column)`.
    pub fn handler_location(&self) -> (&'static str, u32, u32) {
        (self.origin.file, self.origin.line, self.origin.column)
    }

    /// How it failed.
    pub fn kind(&self) -> FailureKind {
        self.kind
    }

    /// The panic's message, the error's `Display`, or what the limit or the deadline was.
    pub fn message(&self) -> &str {
        self.message
    }

    /// Where it panicked, `(file, line, column)`, as the standard library's panic message says it;
    /// `None` if it did not panic.
    pub fn panic_location(&self) -> Option<(&str, u32, u32)> {
        self.panic
            .map(|place| (place.file.as_str(), place.line, place.column))
    }

    /// The panic's backtrace, captured where it panicked when `RUST_BACKTRACE` asks for one (`1`
    /// or `full`, as for the standard library's panic message); `None` otherwise.
    pub fn backtrace(&self) -> Option<&Backtrace> {
        self.backtrace
    }

    /// How long the handler ran before it failed. Measured only when a failure hook is set, the
    /// `ATEXIT_LOG` log is on or a deadline is set (a clock read per handler); zero otherwise.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// What to do about it, for the failures whose cause is known: a handler that needs a tokio
    /// runtime without the `tokio` feature.
    pub fn hint(&self) -> Option<&'static str> {
        hint(self.message)
    }
}

/// A panic that tokio raises outside a runtime.
fn hint(message: &str) -> Option<&'static str> {
    let tokio = message.contains("Tokio context thread-local variable has been destroyed")
        || message.contains("must be called from the context of a Tokio");
    (tokio && !cfg!(feature = "tokio")).then_some(
        "this handler needs a tokio runtime: with atexit's `tokio` feature, async handlers run \
         inside one",
    )
}

/// `handler <name> panicked at <file>:<line>:<column>: <message>`, `handler <name> failed:
/// <message>`, `handler <name> timed out: <message>`; `{:#}` adds the backtrace.
impl fmt::Display for Failure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = self.origin;
        match (self.kind, self.panic) {
            (FailureKind::ProcessExit, _) => write!(
                f,
                "handler {origin} called std::process::exit, which cannot run while the process \
                 exits; call atexit::exit(code) instead: it ends the handler, the others still \
                 run, and the status becomes `code`"
            )?,
            (FailureKind::Panicked, Some(place)) => write!(
                f,
                "handler {origin} panicked at {}:{}:{}: {}",
                place.file, place.line, place.column, self.message
            )?,
            (FailureKind::Panicked, None) => {
                write!(f, "handler {origin} panicked: {}", self.message)?;
            }
            (FailureKind::TimedOut | FailureKind::PastDeadline, _) => {
                write!(f, "handler {origin} timed out: {}", self.message)?;
            }
            (FailureKind::Returned, _) => write!(f, "handler {origin} failed: {}", self.message)?,
        }
        if let Some(hint) = self.hint() {
            write!(f, " (hint: {hint})")?;
        }
        if f.alternate() {
            if let Some(backtrace) = self.backtrace {
                if full_backtrace() {
                    write!(f, "\nstack backtrace:\n{backtrace:#}")?;
                } else {
                    // From every frame (`{:#}`): the standard library's own short form differs
                    // between versions (1.85 stops at the panic machinery's frames).
                    write!(
                        f,
                        "\nstack backtrace:\n{}",
                        short(&format!("{backtrace:#}"))
                    )?;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Failure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Failure")
            .field("handler", &self.handler())
            .field("handler_location", &self.handler_location())
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("panic_location", &self.panic_location())
            .field("elapsed", &self.elapsed)
            .field("backtrace", &self.backtrace.is_some())
            .finish()
    }
}

/// What the report says of an async handler whose future was dropped at its own `limit`.
pub(crate) fn limit_message(limit: Duration) -> String {
    format!("still running after {limit:?}, its own limit; the future was dropped")
}

/// The backtrace `RUST_BACKTRACE` asks for, as the standard library reads it for a panic: none
/// when unset or `0`, all frames for `full`, the short form otherwise.
pub(crate) fn backtrace_wanted() -> bool {
    std::env::var_os("RUST_BACKTRACE").is_some_and(|value| value != "0")
}

/// A short backtrace as the standard library prints one for a panic, from every frame of one:
/// from the frame that began the panic (`rust_begin_unwind`), the panic hook's own frames left out,
/// renumbered from 0, without addresses and symbol hashes.
fn short(backtrace: &str) -> String {
    let frame = |line: &str| -> Option<String> {
        let trimmed = line.trim_start();
        let digits = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let rest = trimmed[digits..]
            .strip_prefix(": ")
            .filter(|_| digits > 0)?;
        let name = match rest.trim_start().strip_prefix("0x") {
            Some(address) => address.split_once(" - ").map_or(address, |(_, name)| name),
            None => rest.trim_start(),
        };
        Some(without_hashes(name))
    };
    let lines: Vec<&str> = backtrace.lines().collect();
    let start = lines
        .iter()
        .position(|line| frame(line).is_some_and(|name| name.ends_with("rust_begin_unwind")))
        .unwrap_or(0);
    let mut out = String::new();
    let mut number = 0;
    for line in &lines[start..] {
        if let Some(name) = frame(line) {
            out.push_str(&format!("{number:4}: {name}\n"));
            number += 1;
        } else {
            out.push_str(&format!("             {}\n", line.trim_start()));
        }
    }
    out.pop();
    out
}

/// A symbol without the hashes of a full backtrace: `::h0123456789abcdef` at its end, and the
/// `[0123456789abcdef]` after a crate's name.
fn without_hashes(name: &str) -> String {
    let is_hash = |text: &str| text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit());
    // A crate's disambiguator is printed without leading zeros (15 digits, say).
    let is_crate_hash =
        |text: &str| (8..=16).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit());
    let name = match name.rsplit_once("::h") {
        Some((path, hash)) if is_hash(hash) => path,
        _ => name,
    };
    let mut out = String::new();
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        match from.find(']') {
            Some(close) if is_crate_hash(&from[1..close]) => rest = &from[close + 1..],
            _ => {
                out.push('[');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn full_backtrace() -> bool {
    std::env::var_os("RUST_BACKTRACE").is_some_and(|value| value == "full")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            path: "app::save",
            file: "src/main.rs",
            line: 4,
            column: 1,
            future: false,
        }
    }

    fn failure<'a>(origin: &'a Origin, kind: FailureKind, message: &'a str) -> Failure<'a> {
        Failure {
            origin,
            kind,
            message,
            panic: None,
            backtrace: None,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn each_kind_reads_as_its_report() {
        let origin = origin();
        let place = PanicPlace {
            file: "src/disk.rs".into(),
            line: 9,
            column: 5,
        };
        let mut panicked = failure(&origin, FailureKind::Panicked, "boom");
        panicked.panic = Some(&place);
        assert_eq!(
            panicked.to_string(),
            "handler app::save (src/main.rs:4) panicked at src/disk.rs:9:5: boom"
        );
        assert_eq!(
            failure(&origin, FailureKind::Returned, "disk full").to_string(),
            "handler app::save (src/main.rs:4) failed: disk full"
        );
        assert_eq!(
            failure(&origin, FailureKind::TimedOut, "still running").to_string(),
            "handler app::save (src/main.rs:4) timed out: still running"
        );
        assert!(failure(&origin, FailureKind::ProcessExit, "")
            .to_string()
            .contains("call atexit::exit(code) instead"));
    }

    #[test]
    fn a_short_backtrace_starts_where_the_panic_began() {
        let captured = "   0:     0x55e5 - atexit_rt::run::report::PanicRecord::of::h0123456789abcdef\n                               at src/run/report.rs:90:52\n   1: std::panicking::panic_with_hook\n   2:     0x55e5 - __rustc[b7974e8690430dd9]::rust_begin_unwind\n                               at library/std/src/panicking.rs:689:5\n   3: app::helper\n             at ./src/main.rs:2:18\n  11: <app::S as core[c1f1a4ba060b9bfa]::ops::Drop>::drop::h0123456789abcdef\n";
        assert_eq!(
            short(captured),
            "   0: __rustc::rust_begin_unwind\n             at library/std/src/panicking.rs:689:5\n   1: app::helper\n             at ./src/main.rs:2:18\n   2: <app::S as core::ops::Drop>::drop"
        );
        assert_eq!(short("no frames"), "             no frames");
        assert_eq!(without_hashes("a[1]::b"), "a[1]::b");
        assert_eq!(
            without_hashes("reports[c6a082ca42124f0]::check"),
            "reports::check"
        );
    }

    #[test]
    fn a_limit_is_reported_as_the_docs_say() {
        assert_eq!(
            limit_message(Duration::from_millis(5)),
            "still running after 5ms, its own limit; the future was dropped"
        );
    }

    #[test]
    fn tokio_outside_a_runtime_hints_at_the_feature() {
        let origin = origin();
        let message = "A Tokio 1.x context was found, but it is being shutdown. \
                       there is no reactor running, must be called from the context of a Tokio \
                       1.x runtime";
        let report = failure(&origin, FailureKind::Panicked, message);
        assert_eq!(report.hint().is_some(), !cfg!(feature = "tokio"));
        assert_eq!(failure(&origin, FailureKind::Panicked, "boom").hint(), None);
    }
}
