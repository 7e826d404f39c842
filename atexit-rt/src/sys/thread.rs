//! The runtime's own short-lived threads: the deadline's watcher, and under `panic = "abort"` the
//! rest of a run whose thread panicked. They start while the process exits, where Rust before 1.87
//! cannot start a thread with `std::thread` (it reads thread-locals of the exiting thread that are
//! gone by then, rust-lang/rust#138696), so on Unix they are started with `pthread_create`.
//!
//! WebAssembly without the `atomics` feature (wasm32-wasip1, wasm32-unknown-unknown) has no
//! threads: there [`spawn`] fails at once and never reaches `std::thread`, whose wasip1 build calls
//! `pthread_create` and friends, which a WASI C library without thread support does not define
//! (the program would not link). Every caller has a way on without the thread.

use std::io;

/// A thread started by [`spawn`]; dropping it detaches the thread.
pub(crate) struct Thread {
    #[cfg(unix)]
    id: libc::pthread_t,
    #[cfg(all(
        not(unix),
        not(all(target_family = "wasm", not(target_feature = "atomics")))
    ))]
    handle: std::thread::JoinHandle<()>,
    #[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
    never: std::convert::Infallible,
}

/// The stack of the runtime's threads: as much as `std::thread` gives by default, which handlers
/// that run on them expect.
#[cfg(unix)]
const STACK_SIZE: usize = 2 << 20;

#[cfg(unix)]
type Start = Box<dyn FnOnce() + Send>;

/// Starts a thread that runs `body`.
#[cfg(unix)]
pub(crate) fn spawn(body: impl FnOnce() + Send + 'static) -> io::Result<Thread> {
    use std::mem::MaybeUninit;

    let start: *mut Start = Box::into_raw(Box::new(Box::new(body)));
    let mut attr = MaybeUninit::<libc::pthread_attr_t>::uninit();
    let mut id = MaybeUninit::<libc::pthread_t>::uninit();
    // SAFETY: `attr` is initialised by `pthread_attr_init` before any other use and destroyed once;
    // `id` is valid for writing; `run` takes ownership of `start` only if the thread is created,
    // and `start` is freed here otherwise.
    unsafe {
        if libc::pthread_attr_init(attr.as_mut_ptr()) != 0 {
            drop(Box::from_raw(start));
            return Err(io::Error::last_os_error());
        }
        // Above every platform's minimum; a failure leaves the default size, still usable.
        libc::pthread_attr_setstacksize(attr.as_mut_ptr(), STACK_SIZE);
        let created = libc::pthread_create(id.as_mut_ptr(), attr.as_ptr(), run, start.cast());
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        if created != 0 {
            drop(Box::from_raw(start));
            return Err(io::Error::from_raw_os_error(created));
        }
        Ok(Thread {
            id: id.assume_init(),
        })
    }
}

#[cfg(unix)]
extern "C" fn run(start: *mut libc::c_void) -> *mut libc::c_void {
    // SAFETY: `start` is the `Box<Start>` that `spawn` leaked for this thread alone.
    let body = unsafe { Box::from_raw(start.cast::<Start>()) };
    // A panic must not unwind into the C library's thread start.
    if let Err(payload) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        crate::sys::failure::drop_payload(payload);
    }
    std::ptr::null_mut()
}

#[cfg(unix)]
impl Thread {
    /// Waits for the thread to finish.
    pub(crate) fn join(self) {
        let id = self.id;
        std::mem::forget(self);
        // SAFETY: `id` is a thread `spawn` created, neither joined nor detached (`self` is gone).
        unsafe { libc::pthread_join(id, std::ptr::null_mut()) };
    }
}

#[cfg(unix)]
impl Drop for Thread {
    fn drop(&mut self) {
        // SAFETY: `self.id` is a thread `spawn` created, neither joined nor detached.
        unsafe { libc::pthread_detach(self.id) };
    }
}

/// Starts a thread that runs `body`. The C runtime runs its exit table before any thread-local is
/// destroyed, so `std::thread` works at exit.
#[cfg(all(
    not(unix),
    not(all(target_family = "wasm", not(target_feature = "atomics")))
))]
pub(crate) fn spawn(body: impl FnOnce() + Send + 'static) -> io::Result<Thread> {
    std::thread::Builder::new()
        .spawn(body)
        .map(|handle| Thread { handle })
}

#[cfg(all(
    not(unix),
    not(all(target_family = "wasm", not(target_feature = "atomics")))
))]
impl Thread {
    /// Waits for the thread to finish.
    pub(crate) fn join(self) {
        let _ = self.handle.join();
    }
}

#[cfg(windows)]
impl Thread {
    /// Waits at most `bound` for the thread to end, to its last `DLL_THREAD_DETACH`; true if it did.
    /// A thread that does not end in time is left to run (detached).
    pub(crate) fn join_within(self, bound: std::time::Duration) -> bool {
        use std::os::windows::io::AsRawHandle;
        use windows_sys::Win32::Foundation::WAIT_OBJECT_0;
        use windows_sys::Win32::System::Threading::WaitForSingleObject;
        let millis = u32::try_from(bound.as_millis()).unwrap_or(u32::MAX - 1);
        // SAFETY: the handle is the thread's own, open for as long as `self.handle` lives, which
        // outlives the call.
        let ended = unsafe { WaitForSingleObject(self.handle.as_raw_handle(), millis) };
        if ended != WAIT_OBJECT_0 {
            return false;
        }
        let _ = self.handle.join();
        true
    }
}

/// No thread can start here: fails with [`io::ErrorKind::Unsupported`].
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
pub(crate) fn spawn(body: impl FnOnce() + Send + 'static) -> io::Result<Thread> {
    drop(body);
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "this target has no threads",
    ))
}

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
impl Thread {
    /// A thread that never started: there is nothing to wait for.
    pub(crate) fn join(self) {
        match self.never {}
    }
}

/// Runs `body` on a thread of its own and waits at most `bound` for it: `Ok(true)` if it finished
/// in time, `Ok(false)` if it is left running, `Err` if no thread could start (`body` did not run).
/// For work that may wait for a lock another thread holds forever (stdout's, stderr's, a logger's),
/// at the end of the process.
///
/// On Windows the wait is for the thread's end, not only its work: a process that ended while a
/// thread of its own was still ending was killed (SIGKILL under Wine, about one exit in eight)
/// instead of ending with its status.
pub(crate) fn run_within(
    bound: std::time::Duration,
    body: impl FnOnce() + Send + 'static,
) -> io::Result<bool> {
    #[cfg(windows)]
    {
        spawn(body).map(|thread| thread.join_within(bound))
    }
    #[cfg(not(windows))]
    {
        use std::sync::{Arc, Condvar, Mutex, PoisonError};
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let finished = Arc::clone(&done);
        let thread = spawn(move || {
            body();
            *finished.0.lock().unwrap_or_else(PoisonError::into_inner) = true;
            finished.1.notify_all();
        })?;
        drop(thread);
        let (lock, wake) = &*done;
        let state = lock.lock().unwrap_or_else(PoisonError::into_inner);
        let (state, _) = wake
            .wait_timeout_while(state, bound, |finished| !*finished)
            .unwrap_or_else(PoisonError::into_inner);
        Ok(*state)
    }
}
