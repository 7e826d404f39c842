//! How the process ends after a run of the handlers: one decision for every cause, in both panic
//! modes and on every platform. [`decide`] is the table; [`finish`] reads the facts and carries it
//! out. The README's rules give the same table.
//!
//! | the run was for | its thread | a handler asked for `code` | else, a handled signal `s` | else |
//! | --- | --- | --- | --- | --- |
//! | exit (`main` returned, `exit`, `std::process::exit` from any thread, `atexit::exit` outside a handler) | returns | the status already: goes on; glibc program: `exit(code)` again; elsewhere: flush, `_exit(code)` | dies by `s` | goes on: the C runtime's `exit` ends the process with its status |
//! | exit | stuck (`panic = "abort"`) | flush, `_exit(code)` | dies by `s` | flush, `_exit(status)` if the status is known, else `abort` |
//! | a handled signal | either | `exit(code)` | dies by `s` | — |
//! | `run_exitfuncs` | returns | `exit(code)` | `run_exitfuncs` returns | `run_exitfuncs` returns |
//! | `run_exitfuncs` | stuck | `exit(code)` | `abort` | `abort` |
//! | a panic (`panic = "abort"`) | either | flush, `_exit(code)` | `abort` | `abort` |
//!
//! - "stuck": under `panic = "abort"` a handler panicked or called `atexit::exit` on the run's
//!   thread, which cannot return from the panic hook; the rest of the run went on on another
//!   thread.
//! - `exit(code)`: the C runtime's `exit`, so the exit hooks run (the runtime's has nothing left);
//!   on Windows too, where `std::process::exit` would skip them.
//! - "dies by `s`": the signal's default action is restored and the signal raised again; if the
//!   process is still there (PID 1 of a PID namespace, or the signal blocked or ignored where the
//!   runtime cannot see), it exits at once with 128 + `s`. On Windows, `STATUS_CONTROL_C_EXIT`.
//! - Before any of this: every flush of Rust's stdout waits at most 100 ms for its lock.
//!
//! Two endings are not after a run: past the deadline the watcher ends the process at once with
//! status 124 (`run::deadline`), and a second handled signal during a run ends it at once by that
//! signal (`entry::signals`).

use crate::end::process;
use crate::run::state::{self, Cause};

/// Whether the thread that ran the handlers can return to its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Thread {
    /// It returns: the exit hook returns into the C runtime's `exit`, `run_exitfuncs` to the
    /// program, the signal thread ends the process itself.
    Returns,
    /// It cannot (`panic = "abort"`: a handler panicked or called `atexit::exit` on it).
    #[cfg_attr(not(panic = "abort"), allow(dead_code))]
    Stuck,
}

/// What is known when a run is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Facts {
    pub(crate) cause: Cause,
    pub(crate) thread: Thread,
    /// The status a handler asked for with `atexit::exit`.
    pub(crate) requested: Option<i32>,
    /// The handled signal (or console event) the shutdown is for.
    pub(crate) signalled: Option<i32>,
    /// The status the C runtime's `exit` under way was called with, if known.
    pub(crate) exiting_with: Option<i32>,
    /// Whether the exit hook may call `exit` again (glibc, in the program itself).
    pub(crate) nested_exit: bool,
}

/// How the process ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// It does not end here: the caller goes on (into the rest of the C runtime's `exit`, or back
    /// to the program from `run_exitfuncs`).
    GoOn,
    /// The C runtime's `exit(code)`.
    Exit(i32),
    /// `exit(code)` again, from inside the exit hook (glibc).
    ExitAgain(i32),
    /// Flush, then `_exit(code)`.
    ExitNow(i32),
    /// By the signal (console event).
    DieBy(i32),
    /// `abort`: SIGABRT, status 134.
    Abort,
}

/// The table of endings (the module's documentation).
pub(crate) fn decide(facts: Facts) -> Ending {
    let Facts {
        cause,
        thread,
        requested,
        signalled,
        exiting_with,
        nested_exit,
    } = facts;
    match (cause, thread, requested) {
        (Cause::Exit, Thread::Returns, Some(code)) if exiting_with == Some(code) => Ending::GoOn,
        (Cause::Exit, Thread::Returns, Some(code)) if nested_exit => Ending::ExitAgain(code),
        (Cause::Exit | Cause::Panic, _, Some(code)) => Ending::ExitNow(code),
        (Cause::Signal | Cause::Explicit, _, Some(code)) => Ending::Exit(code),
        (Cause::Exit | Cause::Signal, _, None) if signalled.is_some() => {
            Ending::DieBy(signalled.unwrap_or_default())
        }
        (Cause::Exit, Thread::Returns, None) | (Cause::Explicit, Thread::Returns, None) => {
            Ending::GoOn
        }
        (Cause::Exit, Thread::Stuck, None) => exiting_with.map_or(Ending::Abort, Ending::ExitNow),
        (Cause::Signal | Cause::Explicit | Cause::Panic, _, None) => Ending::Abort,
    }
}

/// Ends the process after a run for `cause` whose thread `thread` is, as [`decide`] says; returns
/// only if it says the caller goes on.
pub(crate) fn finish(cause: Cause, thread: Thread) {
    let facts = Facts {
        cause,
        thread,
        requested: state::requested(),
        signalled: state::signalled(),
        exiting_with: process::exiting_with(),
        nested_exit: process::nested_exit_supported(),
    };
    match decide(facts) {
        Ending::GoOn => {}
        Ending::Exit(code) => process::exit(code),
        Ending::ExitAgain(code) => process::exit_again(code),
        Ending::ExitNow(code) => process::exit_now(code),
        #[cfg(feature = "signals")]
        Ending::DieBy(request) => process::die_by(request),
        #[cfg(not(feature = "signals"))]
        Ending::DieBy(_) => std::process::abort(),
        Ending::Abort => std::process::abort(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(cause: Cause, thread: Thread) -> Facts {
        Facts {
            cause,
            thread,
            requested: None,
            signalled: None,
            exiting_with: None,
            nested_exit: false,
        }
    }

    #[test]
    fn at_exit_the_c_runtimes_exit_goes_on_unless_a_handler_or_a_signal_says_otherwise() {
        let exit = after(Cause::Exit, Thread::Returns);
        assert_eq!(decide(exit), Ending::GoOn);
        let asked = Facts {
            requested: Some(3),
            ..exit
        };
        assert_eq!(decide(asked), Ending::ExitNow(3));
        let glibc = Facts {
            nested_exit: true,
            exiting_with: Some(0),
            ..asked
        };
        assert_eq!(decide(glibc), Ending::ExitAgain(3));
        let same = Facts {
            exiting_with: Some(3),
            ..glibc
        };
        assert_eq!(decide(same), Ending::GoOn);
        let signalled = Facts {
            signalled: Some(15),
            ..exit
        };
        assert_eq!(decide(signalled), Ending::DieBy(15));
        // A handler's status wins over the signal.
        assert_eq!(
            decide(Facts {
                requested: Some(3),
                ..signalled
            }),
            Ending::ExitNow(3)
        );
    }

    #[test]
    fn a_signals_run_ends_by_the_signal_or_by_exit_with_the_status_asked_for() {
        let signal = Facts {
            signalled: Some(2),
            ..after(Cause::Signal, Thread::Returns)
        };
        assert_eq!(decide(signal), Ending::DieBy(2));
        assert_eq!(
            decide(Facts {
                requested: Some(7),
                ..signal
            }),
            Ending::Exit(7)
        );
        let stuck = Facts {
            thread: Thread::Stuck,
            ..signal
        };
        assert_eq!(decide(stuck), Ending::DieBy(2));
    }

    #[test]
    fn run_exitfuncs_returns_unless_a_handler_asked_for_a_status() {
        let explicit = after(Cause::Explicit, Thread::Returns);
        assert_eq!(decide(explicit), Ending::GoOn);
        assert_eq!(
            decide(Facts {
                signalled: Some(15),
                ..explicit
            }),
            Ending::GoOn
        );
        assert_eq!(
            decide(Facts {
                requested: Some(5),
                ..explicit
            }),
            Ending::Exit(5)
        );
        let stuck = Facts {
            thread: Thread::Stuck,
            ..explicit
        };
        assert_eq!(decide(stuck), Ending::Abort);
        assert_eq!(
            decide(Facts {
                requested: Some(5),
                ..stuck
            }),
            Ending::Exit(5)
        );
    }

    #[test]
    fn a_stuck_exit_keeps_the_status_if_it_is_known_and_a_panic_aborts() {
        let stuck = after(Cause::Exit, Thread::Stuck);
        assert_eq!(decide(stuck), Ending::Abort);
        assert_eq!(
            decide(Facts {
                exiting_with: Some(4),
                ..stuck
            }),
            Ending::ExitNow(4)
        );
        assert_eq!(
            decide(Facts {
                requested: Some(3),
                nested_exit: true,
                ..stuck
            }),
            Ending::ExitNow(3)
        );
        let panic = after(Cause::Panic, Thread::Stuck);
        assert_eq!(decide(panic), Ending::Abort);
        assert_eq!(
            decide(Facts {
                signalled: Some(15),
                ..panic
            }),
            Ending::Abort
        );
        assert_eq!(
            decide(Facts {
                requested: Some(3),
                ..panic
            }),
            Ending::ExitNow(3)
        );
        assert_eq!(decide(after(Cause::Panic, Thread::Returns)), Ending::Abort);
    }
}
