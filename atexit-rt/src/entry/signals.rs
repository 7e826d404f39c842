//! `handle_signals`: run the handlers when the process is asked to stop (SIGINT, SIGTERM, SIGHUP,
//! SIGQUIT on Unix; the console control events on Windows), then end it as that request would have.
//!
//! The exit handlers always run on a thread of the runtime's, never inside a signal handler.

use std::io;

use crate::end::table::{self, Thread};
use crate::run::invoke;
use crate::run::state::{self, Cause};

#[cfg(unix)]
#[path = "signals/unix.rs"]
mod imp;
#[cfg(windows)]
#[path = "signals/windows.rs"]
mod imp;

#[cfg(not(any(unix, windows)))]
compile_error!(
    "the `signals` feature of `atexit` needs Unix or Windows: this target has no signals or console \
     events to handle; build without the feature"
);

/// A request to stop that [`handle_signals`] can handle: one whose default action ends the process.
///
/// | variant | Unix | Windows (console control event) |
/// | --- | --- | --- |
/// | `Interrupt` | `SIGINT` (Ctrl-C) | `CTRL_C_EVENT` (Ctrl-C) |
/// | `Terminate` | `SIGTERM` (`kill`, systemd, Docker) | `CTRL_LOGOFF_EVENT`, `CTRL_SHUTDOWN_EVENT` |
/// | `Hangup` | `SIGHUP` (the terminal went away) | `CTRL_CLOSE_EVENT` (the console window closed) |
/// | `Quit` | `SIGQUIT` (Ctrl-\\) | `CTRL_BREAK_EVENT` (Ctrl-Break) |
///
/// ```no_run
/// use atexit::Signal;
///
/// fn main() -> std::io::Result<()> {
///     // A server stopped with Ctrl-C or by its supervisor cleans up, then ends by that signal.
///     atexit::handle_signals(&[Signal::Interrupt, Signal::Terminate])?;
///     atexit::register(|| println!("connections closed"));
///     // serve...
///     Ok(())
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Signal {
    /// `SIGINT`, or Ctrl-C at a Windows console: Ctrl-C at a terminal.
    Interrupt,
    /// `SIGTERM`, or a Windows logoff or system shutdown: the polite request to stop.
    Terminate,
    /// `SIGHUP`, or the Windows console window closing: the terminal went away.
    Hangup,
    /// `SIGQUIT` (Ctrl-\\), or Ctrl-Break at a Windows console.
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
    ///
    /// ```
    /// # #[cfg(unix)]
    /// assert_eq!(atexit::Signal::Terminate.number(), 15);
    /// ```
    #[cfg(unix)]
    #[cfg_attr(docsrs, doc(cfg(unix)))]
    pub const fn number(self) -> i32 {
        match self {
            Signal::Interrupt => libc::SIGINT,
            Signal::Terminate => libc::SIGTERM,
            Signal::Hangup => libc::SIGHUP,
            Signal::Quit => libc::SIGQUIT,
        }
    }

    /// The console control events that stand for this signal (Windows).
    #[cfg(windows)]
    fn events(self) -> &'static [u32] {
        use windows_sys::Win32::System::Console::{
            CTRL_BREAK_EVENT, CTRL_CLOSE_EVENT, CTRL_C_EVENT, CTRL_LOGOFF_EVENT,
            CTRL_SHUTDOWN_EVENT,
        };
        match self {
            Signal::Interrupt => &[CTRL_C_EVENT],
            Signal::Terminate => &[CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT],
            Signal::Hangup => &[CTRL_CLOSE_EVENT],
            Signal::Quit => &[CTRL_BREAK_EVENT],
        }
    }

    /// True if this signal is ignored in this process now (its action is `SIG_IGN`), as `nohup`
    /// leaves `SIGHUP`, and a shell's background job `SIGINT` and `SIGQUIT`. [`handle_signals`]
    /// leaves such a signal ignored; after it, this tells which of its signals it left alone.
    ///
    /// ```no_run
    /// use atexit::Signal;
    ///
    /// atexit::handle_signals(&[Signal::Hangup, Signal::Terminate]).unwrap();
    /// if Signal::Hangup.is_ignored() {
    ///     eprintln!("started under nohup: SIGHUP stays ignored");
    /// }
    /// ```
    #[cfg(unix)]
    #[cfg_attr(docsrs, doc(cfg(unix)))]
    pub fn is_ignored(self) -> bool {
        imp::is_ignored(self.number())
    }
}

/// Runs the exit handlers when one of `signals` arrives, then ends the process as that signal
/// would have. A signal the process was started with ignored stays ignored.
///
/// Opt-in, and never done by the crate on its own: a library must not take a program's signals.
/// On the first of these signals the handlers run, last registered first as at any exit, on a
/// thread of the runtime's (never inside the signal handler), while the rest of the program goes on;
/// then the process ends the way the signal would have ended it, so that its parent sees no
/// difference. If a handler called [`exit`](crate::exit), its status is used instead. A second of
/// these signals while the handlers run ends the process at once: the second Ctrl-C of an impatient
/// user. If the program exits on its own meanwhile, the exit waits for the handlers, and the process
/// still ends by the signal. Calling this again adds signals; one already handled is not added twice.
/// A child made with `fork` handles the same signals, on a thread of its own, and ends by them after
/// running its own handlers.
///
/// A signal whose action is to ignore it when this is called is left ignored (the Unix convention
/// for termination handlers): whoever started the process said so, with `nohup` (SIGHUP) or by
/// starting it as a shell's background job (SIGINT and SIGQUIT), and without this crate that
/// signal would do nothing. [`Signal::is_ignored`] tells which were left alone;
/// [`handle_signals_even_if_ignored`] takes them anyway.
///
/// - **Unix**: after the handlers, the signal's default action is restored and the signal raised
///   again: the parent sees the process killed by it (a shell reports status 128 + the signal's
///   number: 130 for SIGINT, 143 for SIGTERM). Where the raised signal does not end the process
///   (PID 1 of a container ignores every signal left at its default action), the process exits
///   with that status, 128 + the signal's number, at once.
/// - **Windows**: the console control events (see [`Signal`]), through `SetConsoleCtrlHandler`.
///   After the handlers the process exits with `STATUS_CONTROL_C_EXIT` (`0xC000013A`), the status
///   Windows gives a console program these events end. For the console window closing, a logoff
///   and a shutdown, Windows ends the process about 5 seconds after the event whatever it does, so
///   the handlers then get a deadline of at most 4.5 seconds, or the one set with
///   [`set_timeout`](crate::set_timeout) if that is shorter.
///
/// Needs the `signals` feature, and Unix or Windows (elsewhere the feature is a compile error).
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
    handle(signals, false)
}

/// [`handle_signals`], also for the signals the process is ignoring: their action is replaced,
/// so that they run the handlers and then end the process. For a program that must clean up on
/// SIGHUP even under `nohup`, or on Ctrl-C even when started in the background. On Windows,
/// `Signal::Interrupt` also clears the process's flag that makes it ignore Ctrl-C (set by
/// `SetConsoleCtrlHandler(NULL, TRUE)`, and inherited by its children).
///
/// ```no_run
/// use atexit::Signal;
///
/// atexit::handle_signals_even_if_ignored(&[Signal::Hangup]).unwrap();
/// assert!(!Signal::Hangup.is_ignored());
/// ```
pub fn handle_signals_even_if_ignored(signals: &[Signal]) -> io::Result<()> {
    handle(signals, true)
}

#[cfg(unix)]
fn handle(signals: &[Signal], even_if_ignored: bool) -> io::Result<()> {
    let numbers: Vec<i32> = signals.iter().map(|signal| signal.number()).collect();
    imp::handle(&numbers, even_if_ignored, shut_down)
}

#[cfg(windows)]
fn handle(signals: &[Signal], even_if_ignored: bool) -> io::Result<()> {
    let events = signals
        .iter()
        .flat_map(|signal| signal.events())
        .fold(0, |mask, &event| mask | 1 << event);
    let interrupt = even_if_ignored && signals.contains(&Signal::Interrupt);
    imp::handle(events, interrupt, shut_down)
}

/// On the runtime's thread: run the handlers for `request`, then end the process as it would have
/// (or with the status a handler asked for). Handed to the platform's half, which calls it.
fn shut_down(request: i32) -> ! {
    state::set_signalled(request);
    invoke::run_all(Cause::Signal);
    table::finish(Cause::Signal, Thread::Returns);
    // A signal's run always ends the process.
    std::process::abort()
}

/// In a forked child (see `entry::fork`), before `fork` returns: the child handles the signals on
/// a thread of its own, and unless it goes on with a run of the forking thread (`parent_run`
/// false), the shutdown the parent may have started is not the child's. Then the signals blocked
/// around the `fork` are unblocked.
#[cfg(unix)]
pub(crate) fn in_child(parent_run: bool) {
    imp::in_child(parent_run, shut_down);
    imp::unblock_after_fork();
}

#[cfg(unix)]
pub(crate) use imp::{block_for_fork, unblock_after_fork};
