//! The shutdown deadline: `set_timeout` and `ATEXIT_TIMEOUT`, watched by a thread that exists only
//! while the handlers run with a deadline set (started with `sys::thread`, which works at exit).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::registry::origin::Origin;
use crate::sys::thread::{self, Thread};

/// The exit status of a process whose handlers ran past the deadline (as GNU `timeout` uses).
///
/// A supervisor or a test can tell a shutdown that hung from one that failed:
///
/// ```no_run
/// let status = std::process::Command::new("my-server").status()?;
/// if status.code() == Some(atexit::TIMEOUT_STATUS) {
///     eprintln!("my-server's exit handlers ran past their deadline");
/// }
/// # Ok::<(), std::io::Error>(())
/// ```
pub const TIMEOUT_STATUS: i32 = 124;

/// The deadline in nanoseconds; 0 for none.
static TIMEOUT: AtomicU64 = AtomicU64::new(0);

/// An upper bound on the deadline, in nanoseconds (0 for none), whatever `set_timeout` or
/// `ATEXIT_TIMEOUT` say: the time the system itself gives (Windows' close, logoff and shutdown).
#[cfg_attr(not(all(windows, feature = "signals")), allow(dead_code))]
static LIMIT: AtomicU64 = AtomicU64::new(0);

/// Caps the deadline of the runs that start from now on at `limit`.
#[cfg_attr(not(all(windows, feature = "signals")), allow(dead_code))]
pub(crate) fn limit(limit: Duration) {
    let nanos = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX).max(1);
    LIMIT.store(nanos, Ordering::SeqCst);
}

/// Gives the exit handlers, all together, at most `timeout` to run.
///
/// If they run longer, the process prints which handler is still running, for how long, and ends at
/// once with status [`TIMEOUT_STATUS`] (124); the handlers after it do not run. The deadline covers
/// every run of the handlers: at exit, on a handled signal, and [`run_exitfuncs`]. A thread watches
/// it only while the handlers run; with no deadline there is no thread and no cost.
///
/// The environment variable `ATEXIT_TIMEOUT` (`2s`, `500ms`, `1.5`, `1m`; `0` or `off` for none),
/// read when the handlers start, overrides this: the person running the program has the last word.
/// Set but empty, it counts as unset.
///
/// [`run_exitfuncs`]: crate::run_exitfuncs
///
/// ```
/// use std::time::Duration;
///
/// atexit::set_timeout(Duration::from_secs(5));
/// atexit::register(|| println!("flushed"));
/// ```
pub fn set_timeout(timeout: Duration) {
    let nanos = u64::try_from(timeout.as_nanos()).unwrap_or(u64::MAX).max(1);
    TIMEOUT.store(nanos, Ordering::Relaxed);
}

/// When the run in progress must end, if it has a deadline.
static ENDS: Mutex<Option<Instant>> = Mutex::new(None);

/// The time left before the deadline of the handlers, while they run with one: for a handler that
/// bounds its own work (a flush that gives up in time, a network call's timeout). `None` when no
/// handler is running or the run has no deadline; `Some(Duration::ZERO)` once it has passed.
///
/// ```
/// use std::time::Duration;
///
/// atexit::set_timeout(Duration::from_secs(5));
/// atexit::register(|| {
///     let budget = atexit::remaining().unwrap_or(Duration::from_secs(1));
///     println!("flushing, at most {budget:?}");
/// });
/// assert_eq!(atexit::remaining(), None); // no run in progress
/// ```
pub fn remaining() -> Option<Duration> {
    let ends = (*ENDS.lock().unwrap_or_else(PoisonError::into_inner))?;
    Some(ends.saturating_duration_since(Instant::now()))
}

/// Removes the deadline [`set_timeout`] set (`ATEXIT_TIMEOUT` in the environment still applies).
///
/// ```
/// use std::time::Duration;
///
/// atexit::set_timeout(Duration::from_secs(5));
/// // ...the upload that needed the long deadline is done:
/// atexit::clear_timeout();
/// ```
pub fn clear_timeout() {
    TIMEOUT.store(0, Ordering::Relaxed);
}

/// The deadline for a run starting now: `ATEXIT_TIMEOUT` if set, otherwise `set_timeout`'s; no
/// later than the limit, if one is set.
pub(crate) fn current() -> Option<Duration> {
    let chosen = chosen();
    match LIMIT.load(Ordering::SeqCst) {
        0 => chosen,
        nanos => {
            let limit = Duration::from_nanos(nanos);
            Some(chosen.map_or(limit, |chosen| chosen.min(limit)))
        }
    }
}

fn chosen() -> Option<Duration> {
    // Set but empty (`ATEXIT_TIMEOUT= cmd`, or a shell's `export ATEXIT_TIMEOUT`) is unset, as
    // tools read an empty variable.
    let set = std::env::var_os("ATEXIT_TIMEOUT")
        .filter(|value| !value.to_string_lossy().trim().is_empty());
    if let Some(value) = set {
        match value.to_str().and_then(parse) {
            Some(timeout) => return timeout,
            None => crate::run::report::warn(&format!(
                "ignoring ATEXIT_TIMEOUT={value:?}: expected a duration such as 2s, 500ms, 1.5 or off"
            )),
        }
    }
    match TIMEOUT.load(Ordering::Relaxed) {
        0 => None,
        nanos => Some(Duration::from_nanos(nanos)),
    }
}

/// `2s`, `500ms`, `1.5` (seconds), `1m`, `100us`; `0`, `off` or `none` for no deadline.
fn parse(text: &str) -> Option<Option<Duration>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("off") || text.eq_ignore_ascii_case("none") {
        return Some(None);
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "" | "s" => number,
        "ms" => number / 1e3,
        "us" | "µs" => number / 1e6,
        "m" | "min" => number * 60.0,
        _ => return None,
    };
    if seconds == 0.0 {
        return Some(None);
    }
    Duration::try_from_secs_f64(seconds).ok().map(Some)
}

/// What the run is doing, and since when.
#[derive(Clone, Copy)]
enum Doing {
    /// Running this handler.
    Handler(Origin),
    /// Waiting for the registration with this sequence number, still being made by another
    /// thread, to be published.
    Waiting(usize),
}

#[derive(Default)]
struct State {
    current: Option<(Doing, Instant)>,
    done: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

/// The watching thread of one run.
pub(crate) struct Watch {
    shared: Arc<Shared>,
    thread: Option<Thread>,
}

/// A run's watch, to be taken over by the thread that goes on with the run (`panic = "abort"`).
#[derive(Clone)]
pub(crate) struct Handover(Arc<Shared>);

impl Handover {
    /// The watch of the same run, for another thread; the run ends when it drops.
    pub(crate) fn adopt(self) -> Watch {
        Watch {
            shared: self.0,
            thread: None,
        }
    }
}

impl Watch {
    /// Starts watching a run that must end within `timeout`.
    pub(crate) fn start(timeout: Duration) -> Option<Watch> {
        let shared = Arc::new(Shared::default());
        let watched = Arc::clone(&shared);
        let started = Instant::now();
        *ENDS.lock().unwrap_or_else(PoisonError::into_inner) = started.checked_add(timeout);
        let spawned = thread::spawn(move || watch(&watched, started, timeout));
        match spawned {
            Ok(thread) => Some(Watch {
                shared,
                thread: Some(thread),
            }),
            Err(error) => {
                *ENDS.lock().unwrap_or_else(PoisonError::into_inner) = None;
                // Said once: a later run of the same process (`run_exitfuncs`, then the exit)
                // cannot start one either.
                static SAID: AtomicBool = AtomicBool::new(false);
                if !SAID.swap(true, Ordering::Relaxed) {
                    crate::run::report::warn(&format!("cannot watch the deadline: {error}"));
                }
                None
            }
        }
    }

    pub(crate) fn handover(&self) -> Handover {
        Handover(Arc::clone(&self.shared))
    }

    /// The run is now in `origin`'s handler, or between handlers.
    pub(crate) fn entering(&self, origin: Option<Origin>) {
        self.set(origin.map(Doing::Handler));
    }

    /// The run now waits for the registration `sequence`, still being made by another thread.
    pub(crate) fn waiting(&self, sequence: usize) {
        self.set(Some(Doing::Waiting(sequence)));
    }

    fn set(&self, doing: Option<Doing>) {
        let mut state = self
            .shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.current = doing.map(|doing| (doing, Instant::now()));
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        *ENDS.lock().unwrap_or_else(PoisonError::into_inner) = None;
        let mut state = self
            .shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        state.done = true;
        drop(state);
        self.shared.wake.notify_all();
        if let Some(thread) = self.thread.take() {
            thread.join();
        }
    }
}

fn watch(shared: &Shared, started: Instant, timeout: Duration) {
    let deadline = started.checked_add(timeout);
    let mut state = shared.state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if state.done {
            return;
        }
        let now = Instant::now();
        let left = match deadline {
            Some(deadline) if deadline > now => deadline - now,
            Some(_) => break,
            // Too far away to represent: never.
            None => Duration::from_secs(3600),
        };
        state = shared
            .wake
            .wait_timeout(state, left)
            .unwrap_or_else(PoisonError::into_inner)
            .0;
    }
    match state.current {
        Some((Doing::Waiting(sequence), since)) => crate::sys::write_stderr(
            format!(
                "atexit: the exit handlers ran past their {timeout:?} deadline while waiting \
                 {:.3?} for registration #{sequence}, still being made by another thread; \
                 exiting with status {TIMEOUT_STATUS}\n",
                since.elapsed()
            )
            .as_bytes(),
        ),
        Some((Doing::Handler(origin), since)) => {
            let elapsed = since.elapsed();
            let message = format!(
                "still running after {elapsed:.3?}, past the {timeout:?} deadline of the exit \
                 handlers; exiting with status {TIMEOUT_STATUS}"
            );
            // The lock stays held: the run cannot go on to its end meanwhile.
            crate::run::report::past_deadline(origin, message, elapsed);
        }
        None => crate::sys::write_stderr(
            format!(
                "atexit: the exit handlers ran past their {timeout:?} deadline; exiting with \
                 status {TIMEOUT_STATUS}\n"
            )
            .as_bytes(),
        ),
    }
    crate::sys::exit_now(TIMEOUT_STATUS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_and_without_units() {
        let secs = |s: f64| Some(Some(Duration::from_secs_f64(s)));
        assert_eq!(parse("2s"), secs(2.0));
        assert_eq!(parse("2"), secs(2.0));
        assert_eq!(parse(" 1.5 "), secs(1.5));
        assert_eq!(parse("500ms"), secs(0.5));
        assert_eq!(parse("250us"), secs(0.000_25));
        assert_eq!(parse("1m"), secs(60.0));
        assert_eq!(parse("0"), Some(None));
        assert_eq!(parse("OFF"), Some(None));
        assert_eq!(parse("soon"), None);
        assert_eq!(parse("2h"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("1e999"), None);
    }
}
