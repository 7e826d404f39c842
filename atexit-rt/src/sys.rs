//! The few things the runtime asks of the operating system, one place per platform family.
//!
//! - Unix and WASI: the C library's `atexit` (glibc: `on_exit`, which tells the exit status), `write` on descriptor 2, `fflush(NULL)` and `_exit`.
//! - Windows: the C runtime's `atexit`, `fflush` and `_exit` (so a process that returns from `main`
//!   or calls `exit` runs the hook), and `windows.rs`: `WriteFile` to the standard error handle
//!   (the C runtime's `write` would turn `\n` into `\r\n`, unlike Rust's `stderr`), `exit`, and
//!   `ExitProcess`.
//! - wasm32-unknown-unknown: no C library and no process exit; only `run_exitfuncs` runs handlers.

pub(crate) mod thread;
#[cfg(windows)]
pub(crate) mod windows;

/// Every target with a C runtime: Unix, Windows, WASI.
#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
mod c {
    /// Installs `hook` in the C runtime's `atexit` table; false if it is full.
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    pub(crate) fn install_exit_hook(hook: extern "C" fn()) -> bool {
        // SAFETY: `hook` is an `extern "C" fn()` that never unwinds (the caller's contract, checked
        // at its definition).
        unsafe { libc::atexit(hook) == 0 }
    }

    /// The status the process is exiting with, once its exit hook was called: known only with
    /// glibc, whose `on_exit` passes it.
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    pub(crate) fn exit_status() -> Option<i32> {
        None
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    pub(crate) use super::glibc::{exit_status, install_exit_hook};

    /// Writes `bytes` to the standard error descriptor, without the lock `std::io::stderr` takes
    /// (a handler that hangs may hold it). Errors are ignored: nothing may fail at exit for that.
    #[cfg(not(windows))]
    pub(crate) fn write_stderr(bytes: &[u8]) {
        const STDERR: libc::c_int = 2;
        let mut rest = bytes;
        while !rest.is_empty() {
            // One call writes at most `i32::MAX` bytes, which fits every platform's count type.
            let chunk = rest.len().min(i32::MAX as usize);
            // SAFETY: `rest` is valid for reading `chunk` bytes for the duration of the call.
            let written = unsafe { libc::write(STDERR, rest.as_ptr().cast(), chunk as _) };
            if written <= 0 {
                return;
            }
            rest = &rest[written as usize..];
        }
    }

    /// Flushes every C output stream, as `exit` would.
    pub(crate) fn flush_c_streams() {
        // SAFETY: `fflush(NULL)` flushes every open output stream; it takes no pointer of ours.
        unsafe { libc::fflush(std::ptr::null_mut()) };
    }

    /// Ends the process with `code` at once: no exit hook, no destructor, no flush.
    pub(crate) fn exit_now(code: i32) -> ! {
        // SAFETY: `_exit` ends the process; nothing of this process runs afterwards.
        unsafe { libc::_exit(code) }
    }
}

/// glibc: in the program itself the exit hook is installed with `on_exit`, which also tells the
/// status being exited with. In a shared library, which its host may unload, it is installed with
/// `__cxa_atexit` and the library's `__dso_handle`, as C's `atexit` in a library is: glibc then runs
/// it when the library is unloaded (`dlclose`), or at exit if it is still loaded, and never after
/// its code is gone. `on_exit` ties a hook to no library, so glibc would call into unmapped code at
/// exit once the library was unloaded. There the status is not told.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    use std::sync::atomic::{AtomicI64, Ordering};

    const NONE: i64 = i64::MIN;
    static STATUS: AtomicI64 = AtomicI64::new(NONE);

    extern "C" {
        // glibc's, declared in <stdlib.h>; the `libc` crate does not bind it.
        fn on_exit(
            function: extern "C" fn(libc::c_int, *mut libc::c_void),
            arg: *mut libc::c_void,
        ) -> libc::c_int;
        // The C++ ABI's, which C's `atexit` is built on.
        fn __cxa_atexit(
            function: extern "C" fn(*mut libc::c_void),
            arg: *mut libc::c_void,
            dso: *mut libc::c_void,
        ) -> libc::c_int;
        // Defined by the C runtime's start files in every executable and shared library, one
        // each (hidden): it names the object this code is linked into.
        static __dso_handle: u8;
    }

    /// Installs `hook` in the C library's exit table; false if that fails.
    pub(crate) fn install_exit_hook(hook: extern "C" fn()) -> bool {
        if in_main_program() {
            // SAFETY: `exiting` never unwinds (it only stores and calls `hook`, which never unwinds
            // by the caller's contract); its argument is `hook` itself.
            unsafe { on_exit(exiting, hook as *mut libc::c_void) == 0 }
        } else {
            // SAFETY: as above; `__dso_handle` is this library's, so glibc runs the hook when the
            // library is unloaded, and forgets it then.
            unsafe {
                __cxa_atexit(
                    unloading,
                    hook as *mut libc::c_void,
                    std::ptr::addr_of!(__dso_handle).cast_mut().cast(),
                ) == 0
            }
        }
    }

    extern "C" fn exiting(status: libc::c_int, hook: *mut libc::c_void) {
        STATUS.store(i64::from(status), Ordering::SeqCst);
        unloading(hook);
    }

    extern "C" fn unloading(hook: *mut libc::c_void) {
        // SAFETY: `install_exit_hook` passed an `extern "C" fn()` as the argument.
        let hook = unsafe { std::mem::transmute::<*mut libc::c_void, extern "C" fn()>(hook) };
        hook();
    }

    /// True if this code is part of the program's executable, not of a shared library: the first
    /// object `dl_iterate_phdr` reports is the executable, and one of its loaded segments holds
    /// this function.
    fn in_main_program() -> bool {
        extern "C" fn first(
            info: *mut libc::dl_phdr_info,
            _size: libc::size_t,
            found: *mut libc::c_void,
        ) -> libc::c_int {
            let here = in_main_program as *const () as usize;
            // SAFETY: glibc passes a valid `dl_phdr_info` whose `dlpi_phdr` points to
            // `dlpi_phnum` program headers; `found` is the `bool` below.
            unsafe {
                let info = &*info;
                let headers =
                    std::slice::from_raw_parts(info.dlpi_phdr, usize::from(info.dlpi_phnum));
                *found.cast::<bool>() = headers.iter().any(|header| {
                    let start = info.dlpi_addr as usize + header.p_vaddr as usize;
                    header.p_type == libc::PT_LOAD
                        && (start..start + header.p_memsz as usize).contains(&here)
                });
            }
            1 // the first object only
        }
        let mut found = false;
        // SAFETY: `first` only reads what glibc passes it and writes `found`, which outlives the
        // call.
        unsafe { libc::dl_iterate_phdr(Some(first), std::ptr::addr_of_mut!(found).cast()) };
        found
    }

    /// The status the process is exiting with, once its exit hook was called (in the program
    /// itself; in a shared library it is not known).
    pub(crate) fn exit_status() -> Option<i32> {
        match STATUS.load(Ordering::SeqCst) {
            NONE => None,
            status => i32::try_from(status).ok(),
        }
    }
}

/// wasm32-unknown-unknown: no C runtime, and no exit to hook.
#[cfg(all(target_family = "wasm", target_os = "unknown"))]
mod c {
    pub(crate) fn write_stderr(bytes: &[u8]) {
        use std::io::Write;
        let _ = std::io::stderr().write_all(bytes);
    }

    pub(crate) fn flush_c_streams() {}

    pub(crate) fn exit_status() -> Option<i32> {
        None
    }

    pub(crate) fn exit_now(code: i32) -> ! {
        std::process::exit(code)
    }
}

pub(crate) use c::exit_status;
#[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
pub(crate) use c::install_exit_hook;
#[cfg(not(windows))]
pub(crate) use c::write_stderr;
pub(crate) use c::{exit_now, flush_c_streams};
#[cfg(windows)]
pub(crate) use windows::write_stderr;

/// Ends the process by `signal`, as its default action would: the action is set back to the
/// default, the signal unblocked on this thread and raised. If the process is still there after
/// that, the signal was dropped: PID 1 of a PID namespace (a container's first process) ignores
/// every signal whose action is the default, and whatever blocked or ignored it where the runtime
/// cannot see has the same effect. The process then exits at once with 128 + the signal's number,
/// the status a shell reports for a process that signal killed (143 for SIGTERM, 130 for SIGINT).
/// Only async-signal-safe calls: usable inside a signal handler.
#[cfg(all(unix, feature = "signals"))]
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
    exit_now(128 + signal)
}

/// Around every later `fork`, on the forking thread: `prepare` before it, then `parent` in the
/// parent and `child` in the child, before `fork` returns.
#[cfg(unix)]
pub(crate) fn on_fork(
    prepare: unsafe extern "C" fn(),
    parent: unsafe extern "C" fn(),
    child: unsafe extern "C" fn(),
) -> bool {
    // SAFETY: the three never unwind and are async-signal-safe (but for what the child hook
    // documents), as the caller's contract says.
    unsafe { libc::pthread_atfork(Some(prepare), Some(parent), Some(child)) == 0 }
}
