//! The ways the process can end, as `table` decides: through the C runtime's `exit`, by `exit`
//! again from inside the exit hook (glibc), at once with a status, by a signal, or by `abort`.
//! Each flushes what Rust and C still buffer first, waiting for stdout's lock only so long
//! (`sys::stdout`).

use std::sync::atomic::{AtomicI64, Ordering};

const NONE: i64 = i64::MIN;
/// The status the runtime itself called the C runtime's `exit` with, if it did.
static EXITING_WITH: AtomicI64 = AtomicI64::new(NONE);

/// The status the C runtime's `exit` under way was called with, if it is known: glibc tells it to
/// the exit hook of the program (not of a shared library); elsewhere only if the runtime called it.
pub(crate) fn exiting_with() -> Option<i32> {
    crate::sys::exit_status().or_else(|| match EXITING_WITH.load(Ordering::SeqCst) {
        NONE => None,
        status => i32::try_from(status).ok(),
    })
}

/// True where the exit hook may call `exit` again to change the status: glibc, in the program
/// itself (the C library told the hook the status, which it does only there). glibc supports this
/// call and documents it in its source ("we do it this way to handle recursive calls to exit ()
/// made by the functions registered with atexit and on_exit. We call everyone on the list and use
/// the status value in the last exit ()"): the exit hooks registered before the runtime's still
/// run (C libraries', C++ static destructors, the coverage profile writer, LeakSanitizer), the C
/// streams are flushed, and the status is the new one. Elsewhere the C library's behaviour for a
/// nested `exit` is not known to be safe (musl traps it), and in a shared library the hook may be
/// running inside `dlclose`.
pub(crate) fn nested_exit_supported() -> bool {
    cfg!(all(target_os = "linux", target_env = "gnu")) && crate::sys::exit_status().is_some()
}

/// Exits the process with `code` through the C runtime's `exit`, which runs the exit hook (and on
/// Windows the C runtime's exit table, which `std::process::exit` skips).
pub(crate) fn exit(code: i32) -> ! {
    EXITING_WITH.store(i64::from(code), Ordering::SeqCst);
    #[cfg(windows)]
    crate::sys::windows::exit(code);
    #[cfg(not(windows))]
    std::process::exit(code)
}

/// From inside the exit hook: `exit(code)` again (see [`nested_exit_supported`]); it does not
/// return.
pub(crate) fn exit_again(code: i32) -> ! {
    crate::sys::stdout::flush();
    EXITING_WITH.store(i64::from(code), Ordering::SeqCst);
    // SAFETY: a nested `exit` from an exit hook, which glibc supports (above; the table chooses
    // this only there). Not `std::process::exit`, which aborts a re-entered exit.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::exit(code)
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    exit_now(code)
}

/// Ends the process with `code` at once, after flushing what Rust and C still buffer, as `exit`
/// would: no exit hook runs.
pub(crate) fn exit_now(code: i32) -> ! {
    crate::sys::stdout::flush();
    crate::sys::flush_c_streams();
    crate::sys::exit_now(code)
}

/// Ends the process as the handled signal (or console event) `request` would have, after
/// flushing what Rust and C still buffer.
#[cfg(feature = "signals")]
pub(crate) fn die_by(request: i32) -> ! {
    crate::sys::stdout::flush();
    crate::sys::flush_c_streams();
    crate::sys::signal::die_by_signal(request)
}

/// In a forked child that does not go on with its parent's run: the parent's `exit` is not the
/// child's. Only an atomic store.
#[cfg_attr(not(unix), allow(dead_code))]
pub(crate) fn forget_parent_run() {
    EXITING_WITH.store(NONE, Ordering::SeqCst);
}
