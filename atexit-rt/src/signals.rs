//! `handle_signals`: run the handlers on SIGINT, SIGTERM, SIGHUP or SIGQUIT, then end by that signal.
//!
//! Built on `signal-hook`: the signal handler itself only sets a flag and wakes a thread; the exit
//! handlers run on that thread, never inside the signal handler.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread;

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

use crate::exit;
use crate::run;

/// A signal [`handle_signals`] can handle: one whose default action ends the process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Signal {
    /// `SIGINT`: Ctrl-C at a terminal.
    Interrupt,
    /// `SIGTERM`: the polite request to stop, from `kill`, systemd, Docker, Kubernetes.
    Terminate,
    /// `SIGHUP`: the terminal went away.
    Hangup,
    /// `SIGQUIT`: Ctrl-\ at a terminal.
    Quit,
}

impl Signal {
    /// All four, for `handle_signals(&Signal::ALL)`.
    pub const ALL: [Signal; 4] = [
        Signal::Interrupt,
        Signal::Terminate,
        Signal::Hangup,
        Signal::Quit,
    ];

    /// The signal's number (`libc::SIGINT` and so on).
    pub const fn number(self) -> i32 {
        match self {
            Signal::Interrupt => SIGINT,
            Signal::Terminate => SIGTERM,
            Signal::Hangup => SIGHUP,
            Signal::Quit => SIGQUIT,
        }
    }
}

/// Set by the signal handler itself on the first signal: a second one ends the process at once.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
/// The signal the handlers are running for, once the signal thread has taken it; 0 before.
static SIGNALLED: AtomicI32 = AtomicI32::new(0);

struct Handled {
    handle: Handle,
    signals: Vec<i32>,
}

static HANDLED: Mutex<Option<Handled>> = Mutex::new(None);

/// Runs the exit handlers when one of `signals` arrives, then ends the process by that signal.
///
/// Opt-in, and never done by the crate on its own: a library must not take a program's signals.
/// On the first of these signals the handlers run, last registered first as at any exit, on a
/// thread of the runtime's (never inside the signal handler), while the rest of the program goes on;
/// then the signal's default action is restored and the signal raised again, so the parent sees the
/// process killed by that signal (a shell reports status 128 + the signal's number: 130 for SIGINT,
/// 143 for SIGTERM), exactly as without this crate. If a handler called [`exit`](crate::exit), its
/// status is used instead. A second of these signals while the handlers run ends the process at
/// once: the second Ctrl-C of an impatient user.
///
/// If the program exits on its own meanwhile, the exit waits for the handlers, and the process still
/// ends by the signal. Calling this again adds signals; a signal already handled is not added twice.
/// Needs the `signals` feature.
///
/// ```no_run
/// use atexit::Signal;
///
/// fn main() -> std::io::Result<()> {
///     atexit::register(|| println!("closing the listener"));
///     atexit::handle_signals(&[Signal::Interrupt, Signal::Terminate])?;
///     loop {
///         std::thread::park(); // serve until Ctrl-C or `kill`
///     }
/// }
/// ```
pub fn handle_signals(signals: &[Signal]) -> io::Result<()> {
    let mut handled = HANDLED.lock().unwrap_or_else(PoisonError::into_inner);
    let mut fresh: Vec<i32> = Vec::new();
    for signal in signals.iter().map(|s| s.number()) {
        let known = handled
            .as_ref()
            .is_some_and(|h| h.signals.contains(&signal));
        if !known && !fresh.contains(&signal) {
            fresh.push(signal);
        }
    }
    for &signal in &fresh {
        // The order matters: on the first signal the flag is still false, so the default action
        // does not run, and then the flag is set; on the second it runs.
        signal_hook::flag::register_conditional_default(signal, &SHUTTING_DOWN)?;
        signal_hook::flag::register(signal, &SHUTTING_DOWN)?;
    }
    match handled.as_mut() {
        Some(handled) => {
            for &signal in &fresh {
                handled.handle.add_signal(signal)?;
                handled.signals.push(signal);
            }
        }
        None => {
            let mut iterator = Signals::new(&fresh)?;
            let handle = iterator.handle();
            thread::Builder::new()
                .name("atexit-signals".into())
                .spawn(move || {
                    if let Some(signal) = iterator.forever().next() {
                        shut_down(signal);
                    }
                })?;
            *handled = Some(Handled {
                handle,
                signals: fresh,
            });
        }
    }
    Ok(())
}

/// On the signal thread: run the handlers, then end the process as the signal would have.
fn shut_down(signal: i32) {
    SIGNALLED.store(signal, Ordering::SeqCst);
    run::run_all();
    if let Some(code) = exit::requested() {
        std::process::exit(code);
    }
    die_by(signal);
}

/// The signal the handlers ran for, if a handled signal started the shutdown.
pub(crate) fn signalled() -> Option<i32> {
    match SIGNALLED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// Ends the process by `signal`'s default action, after flushing what Rust and C still buffer.
pub(crate) fn die_by(signal: i32) -> ! {
    let _ = io::stdout().flush();
    // SAFETY: `fflush(NULL)` flushes every C output stream.
    unsafe { libc::fflush(std::ptr::null_mut()) };
    // For the four signals handled here this restores the default action, unblocks the signal and
    // raises it, which ends the process; it returns only if that failed.
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::abort()
}
