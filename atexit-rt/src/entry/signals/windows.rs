//! Windows: the console control events, through `SetConsoleCtrlHandler`. The control handler runs
//! on a thread the system starts for each event; it only hands the event to the runtime's thread.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use windows_sys::core::BOOL;
use windows_sys::Win32::Foundation::{FALSE, STATUS_CONTROL_C_EXIT, TRUE};
use windows_sys::Win32::System::Console::{
    SetConsoleCtrlHandler, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
};

/// Windows ends a process about 5 seconds after the close, logoff or shutdown event; the handlers
/// get at most this much of it, so that a late handler is still reported.
const BUDGET: Duration = Duration::from_millis(4500);

/// Bit `1 << event` is set for each handled event.
static HANDLED: AtomicU32 = AtomicU32::new(0);
/// Set on the first handled event: a second one ends the process at once.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
/// The event for the runtime's thread, plus one; 0 while there is none.
static PENDING: Mutex<u32> = Mutex::new(0);
static WAKE: Condvar = Condvar::new();
static INSTALLED: Mutex<bool> = Mutex::new(false);

/// What the runtime's thread does with the first handled event (plus one): handed down by
/// `signals`.
pub(super) type ShutDown = fn(i32) -> !;

/// Handles the console control events in `mask` (bit `1 << event`); with `take_ctrl_c`, clears
/// the flag that makes the process ignore Ctrl-C first. The first event wakes a thread that calls
/// `shut_down` with it.
pub(super) fn handle(mask: u32, take_ctrl_c: bool, shut_down: ShutDown) -> io::Result<()> {
    let mut installed = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
    // Ctrl-C ignored by the process (inherited, or `SetConsoleCtrlHandler(NULL, TRUE)`) reaches
    // no handler; there is no call that tells whether it is, so it is cleared only on request.
    // SAFETY: a null handler with FALSE only clears that flag.
    if take_ctrl_c && unsafe { SetConsoleCtrlHandler(None, FALSE) } == 0 {
        return Err(io::Error::last_os_error());
    }
    HANDLED.fetch_or(mask, Ordering::SeqCst);
    if !*installed {
        thread::Builder::new()
            .name("atexit-signals".into())
            .spawn(move || {
                let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
                while *pending == 0 {
                    pending = WAKE.wait(pending).unwrap_or_else(PoisonError::into_inner);
                }
                let request = *pending as i32;
                drop(pending);
                shut_down(request);
            })?;
        // SAFETY: `on_event` is a `PHANDLER_ROUTINE` that never unwinds (it only touches atomics and
        // a mutex, and parks).
        if unsafe { SetConsoleCtrlHandler(Some(on_event), TRUE) } == 0 {
            return Err(io::Error::last_os_error());
        }
        *installed = true;
    }
    Ok(())
}

/// The control handler, on the thread the system started for `event`.
unsafe extern "system" fn on_event(event: u32) -> BOOL {
    if event >= 32 || HANDLED.load(Ordering::SeqCst) & (1 << event) == 0 {
        return FALSE; // not ours: the next handler, or the default action
    }
    if SHUTTING_DOWN.swap(true, Ordering::SeqCst) {
        // A second event while the handlers run: end now.
        crate::sys::windows::exit_process(STATUS_CONTROL_C_EXIT as u32);
    }
    let closing = matches!(
        event,
        CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT
    );
    if closing {
        crate::run::deadline::limit(BUDGET);
    }
    *PENDING.lock().unwrap_or_else(PoisonError::into_inner) = event + 1;
    WAKE.notify_all();
    if closing {
        // Windows ends the process as soon as this returns: hold it until the runtime's thread
        // ends the process itself.
        loop {
            thread::park();
        }
    }
    TRUE
}
