//! Unix: built on `signal-hook`. The signal handler itself only sets a flag and wakes a thread.

use std::io;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, PoisonError};
use std::thread;

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

use super::Signal;

pub(super) const fn number(signal: Signal) -> i32 {
    match signal {
        Signal::Interrupt => SIGINT,
        Signal::Terminate => SIGTERM,
        Signal::Hangup => SIGHUP,
        Signal::Quit => SIGQUIT,
    }
}

/// Set by the signal handler itself on the first signal: a second one ends the process at once.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);

struct Handled {
    handle: Handle,
    signals: Vec<i32>,
}

static HANDLED: Mutex<Option<Handled>> = Mutex::new(None);

pub(super) fn handle(signals: &[Signal]) -> io::Result<()> {
    let mut handled = HANDLED.lock().unwrap_or_else(PoisonError::into_inner);
    let mut fresh: Vec<i32> = Vec::new();
    for signal in signals.iter().map(|&s| number(s)) {
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
                        super::shut_down(signal);
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

/// Restores the signal's default action, unblocks it and raises it, which ends the process.
pub(super) fn die_by(signal: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    // Only if raising the signal did not end the process.
    std::process::abort()
}
