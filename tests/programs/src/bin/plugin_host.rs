//! A host that loads a library using the crate (`tests/plugin`), lets it register its handlers,
//! unloads it, then exits normally: the library's handlers run once, at its unload, and the host's
//! at exit.
//!
//! Arguments: the library's path, then `plain`, or `fork` (the library also registers a
//! this-process-only handler, and the host forks after the unload; the child exits first).

use std::ffi::c_int;

#[atexit::register]
fn host_static() {
    println!("host static");
}

type Start = extern "C" fn(c_int);

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("the library's path");
    let fork = args.next().as_deref() == Some("fork");
    atexit::register(|| println!("host dynamic"));
    let library = imp::load(&path);
    let start: Start = imp::start(library);
    start(c_int::from(fork));
    println!("unloading");
    imp::unload(library);
    println!("unloaded, host has {} handlers", atexit::ncallbacks());
    if fork {
        imp::fork_and_wait();
    }
    println!("main returns");
}

#[cfg(unix)]
mod imp {
    use std::ffi::{c_void, CString};

    use super::Start;

    pub fn load(path: &str) -> *mut c_void {
        let path = CString::new(path).expect("a path without NUL");
        // SAFETY: `path` is a NUL-terminated string; the library's constructors are the crate's.
        let library = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        assert!(!library.is_null(), "dlopen failed");
        library
    }

    pub fn start(library: *mut c_void) -> Start {
        // SAFETY: `library` is a handle from `dlopen`; the name is NUL-terminated.
        let symbol = unsafe { libc::dlsym(library, c"atexit_test_plugin_start".as_ptr()) };
        assert!(!symbol.is_null(), "dlsym failed");
        // SAFETY: the library defines the symbol as an `extern "C" fn(c_int)`.
        unsafe { std::mem::transmute::<*mut c_void, Start>(symbol) }
    }

    pub fn unload(library: *mut c_void) {
        // SAFETY: `library` is a handle from `dlopen`, closed once; nothing of it is used after.
        assert_eq!(unsafe { libc::dlclose(library) }, 0, "dlclose failed");
    }

    pub fn fork_and_wait() {
        // SAFETY: the child only prints and exits; the parent waits for it.
        match unsafe { libc::fork() } {
            -1 => panic!("fork failed"),
            0 => {
                println!("child exits");
                std::process::exit(0);
            }
            child => {
                let mut status = 0;
                // SAFETY: `child` is this process's child; `status` is valid for writing.
                unsafe { libc::waitpid(child, &mut status, 0) };
                println!("child ended with {status}");
            }
        }
    }
}

#[cfg(windows)]
mod imp {
    use std::os::windows::ffi::OsStrExt;

    use windows_sys::Win32::Foundation::{FreeLibrary, HMODULE};
    use windows_sys::Win32::System::LibraryLoader::{GetProcAddress, LoadLibraryW};

    use super::Start;

    pub fn load(path: &str) -> HMODULE {
        let wide: Vec<u16> = std::ffi::OsStr::new(path)
            .encode_wide()
            .chain(Some(0))
            .collect();
        // SAFETY: `wide` is a NUL-terminated UTF-16 path.
        let library = unsafe { LoadLibraryW(wide.as_ptr()) };
        assert!(!library.is_null(), "LoadLibraryW failed");
        library
    }

    pub fn start(library: HMODULE) -> Start {
        // SAFETY: `library` is a loaded module; the name is NUL-terminated.
        let symbol =
            unsafe { GetProcAddress(library, c"atexit_test_plugin_start".as_ptr().cast()) };
        let symbol = symbol.expect("GetProcAddress failed");
        // SAFETY: the library defines the symbol as an `extern "C" fn(c_int)`.
        unsafe { std::mem::transmute::<unsafe extern "system" fn() -> isize, Start>(symbol) }
    }

    pub fn unload(library: HMODULE) {
        // SAFETY: `library` was loaded once and is freed once; nothing of it is used after.
        assert_ne!(unsafe { FreeLibrary(library) }, 0, "FreeLibrary failed");
    }

    pub fn fork_and_wait() {
        println!("no fork on Windows");
    }
}
