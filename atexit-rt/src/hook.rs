//! The one C exit hook, installed before `main`.

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};

use crate::exit;
use crate::report;
use crate::run;

#[cfg(not(any(miri, loom)))]
// SAFETY: runs before `main`; it calls only `libc::atexit` and, if that fails, `libc::write`, neither
// of which needs the standard library's runtime to be set up.
#[ctor::ctor(unsafe)]
fn install() {
    // SAFETY: `at_exit` is an `extern "C" fn()` that never unwinds (it catches every panic).
    if unsafe { libc::atexit(at_exit) } != 0 {
        const MESSAGE: &[u8] = b"atexit: could not install the exit hook; handlers will not run\n";
        // SAFETY: writes a static buffer of the given length to the stderr descriptor.
        unsafe { libc::write(libc::STDERR_FILENO, MESSAGE.as_ptr().cast(), MESSAGE.len()) };
    }
}

// Not installed (and so unused) when the registry is model-checked or run under Miri.
#[cfg_attr(any(miri, loom), allow(dead_code))]
extern "C" fn at_exit() {
    // A panic must not unwind into C: `run_all` catches every handler's, and this catches our own.
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(run::run_all)) {
        report::drop_payload(payload);
    }
    if let Some(code) = exit::requested() {
        // The status of a process that is already exiting can only be changed by ending it here,
        // so flush what C and Rust still buffer, as `exit` would.
        let _ = std::io::stdout().flush();
        // SAFETY: `fflush(NULL)` flushes every C output stream; `_exit` ends the process at once.
        unsafe {
            libc::fflush(std::ptr::null_mut());
            libc::_exit(code);
        }
    }
    // The program exited while the handlers ran for a handled signal: end by the signal, as the
    // signal thread would have.
    #[cfg(feature = "signals")]
    if let Some(signal) = crate::signals::signalled() {
        crate::signals::die_by(signal);
    }
}
