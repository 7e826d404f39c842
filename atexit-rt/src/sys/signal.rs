//! Ending the process by a signal (Unix) or as a console control event's default action does
//! (Windows).

/// Ends the process by `signal`, as its default action would: the action is set back to the
/// default, the signal unblocked on this thread and raised. If the process is still there after
/// that, the signal was dropped: PID 1 of a PID namespace (a container's first process) ignores
/// every signal whose action is the default, and whatever blocked or ignored it where the runtime
/// cannot see has the same effect. The process then exits at once with 128 + the signal's number,
/// the status a shell reports for a process that signal killed (143 for SIGTERM, 130 for SIGINT).
/// Only async-signal-safe calls: usable inside a signal handler.
#[cfg(unix)]
pub(crate) fn die_by_signal(signal: i32) -> ! {
    // SAFETY: `sigaction`, `sigemptyset`, `sigaddset`, `pthread_sigmask` and `raise` are
    // async-signal-safe; `action` and `set` are initialised before they are passed, and the old
    // action and mask are not asked for.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = libc::SIG_DFL;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(signal, &action, std::ptr::null_mut());
        let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        libc::sigemptyset(set.as_mut_ptr());
        libc::sigaddset(set.as_mut_ptr(), signal);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, set.as_ptr(), std::ptr::null_mut());
        libc::raise(signal);
    }
    crate::sys::c::exit_now(128 + signal)
}

/// Ends the process as the default handler of a console control event does:
/// `STATUS_CONTROL_C_EXIT`.
#[cfg(windows)]
pub(crate) fn die_by_signal(_request: i32) -> ! {
    crate::sys::windows::exit_process(windows_sys::Win32::Foundation::STATUS_CONTROL_C_EXIT as u32)
}
