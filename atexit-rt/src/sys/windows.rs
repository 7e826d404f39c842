//! Windows: the C runtime's `exit`, and `ExitProcess` for the console control events.
//!
//! Returning from `main`, a panic in `main` and `atexit::exit` go through the C runtime's `exit`,
//! which runs the exit hook as everywhere else. `std::process::exit` calls `ExitProcess` directly,
//! which skips the C runtime's `atexit` table (rust-lang/rust#104816), so it runs no handler. What
//! is left to see it is a TLS callback or a DLL's `DLL_PROCESS_DETACH`: they run after every other
//! thread of the process was ended wherever it stood (so a lock it held stays held forever), under
//! the loader lock (so no thread can start, and no deadline can be watched), and Wine does not call
//! an executable's TLS callbacks there at all. The runtime does not run handlers in such a place;
//! the crate documentation tells programs to call `atexit::exit` instead.

/// Writes `bytes` to the standard error handle as they are, without the lock `std::io::stderr`
/// takes (a handler that hangs may hold it). Errors are ignored.
pub(crate) fn write_stderr(bytes: &[u8]) {
    use windows_sys::Win32::Storage::FileSystem::WriteFile;
    use windows_sys::Win32::System::Console::{GetStdHandle, STD_ERROR_HANDLE};
    // SAFETY: `GetStdHandle` takes no pointer; a missing or invalid handle makes `WriteFile` fail.
    let handle = unsafe { GetStdHandle(STD_ERROR_HANDLE) };
    let mut rest = bytes;
    while !rest.is_empty() {
        let chunk = u32::try_from(rest.len()).unwrap_or(u32::MAX);
        let mut written = 0u32;
        // SAFETY: `rest` is valid for reading `chunk` bytes and `written` for writing a `u32`, for
        // the duration of the call; no `OVERLAPPED`, so the write completes before it returns.
        let ok = unsafe {
            WriteFile(
                handle,
                rest.as_ptr(),
                chunk,
                &mut written,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 || written == 0 {
            return;
        }
        rest = &rest[written as usize..];
    }
}

/// Ends the process with `status`, as a console control event's default action does: the other
/// modules still get their `DLL_PROCESS_DETACH`, the C runtime's `atexit` table does not run.
#[cfg(feature = "signals")]
pub(crate) fn exit_process(status: u32) -> ! {
    // SAFETY: `ExitProcess` ends the process; it takes no pointer.
    unsafe { windows_sys::Win32::System::Threading::ExitProcess(status) }
}

/// `atexit::exit` outside a handler: the C runtime's `exit`, which runs its `atexit` table (and so
/// the handlers, on this thread, while the other threads still run), as on every other platform.
pub(crate) fn exit(code: i32) -> ! {
    crate::sys::stdout::flush();
    // SAFETY: `exit` runs the C runtime's exit table, flushes its streams and ends the process.
    unsafe { libc::exit(code) }
}
