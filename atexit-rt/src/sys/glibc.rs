//! glibc: in the program itself the exit hook is installed with `on_exit`, which also tells the
//! status being exited with. In a shared library, which its host may unload, it is installed with
//! `__cxa_atexit` and the library's `__dso_handle`, as C's `atexit` in a library is: glibc then runs
//! it when the library is unloaded (`dlclose`), or at exit if it is still loaded, and never after
//! its code is gone. `on_exit` ties a hook to no library, so glibc would call into unmapped code at
//! exit once the library was unloaded. There the status is not told.

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
            let headers = std::slice::from_raw_parts(info.dlpi_phdr, usize::from(info.dlpi_phnum));
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
