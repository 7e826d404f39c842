//! Unix: built on `signal-hook`. The signal handler itself only sets a flag and wakes a thread.

use std::cell::Cell;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread;

use signal_hook::iterator::{Handle, Signals};

/// What the signal thread does with the first handled signal: handed down by `signals`.
pub(super) type ShutDown = fn(i32) -> !;

/// Set by the signal handler itself on the first signal: a second one ends the process at once.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);

struct Handled {
    handle: Handle,
    signals: Vec<i32>,
}

static HANDLED: Mutex<Option<Handled>> = Mutex::new(None);

/// The handled signals, one bit per signal number (all four are below 64): a forked child needs a
/// signal thread of its own if any is set.
static HANDLED_MASK: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The handled signals that `block_for_fork` blocked on this thread (those it found blocked
    /// already stay so).
    static BLOCKED_FOR_FORK: Cell<u64> = const { Cell::new(0) };
}

/// In a forked child: the pipe that wakes the child's signal thread (read end, write end); -1
/// before, and in a process that was not forked.
static CHILD_READ: AtomicI32 = AtomicI32::new(-1);
static CHILD_WAKE: AtomicI32 = AtomicI32::new(-1);
/// The signal that woke the child's thread.
static CHILD_SIGNAL: AtomicI32 = AtomicI32::new(0);

/// True if `signal`'s action is to ignore it (`SIG_IGN`).
pub(super) fn is_ignored(signal: i32) -> bool {
    let mut action = std::mem::MaybeUninit::<libc::sigaction>::uninit();
    // SAFETY: a null new action only reads the current one into `action`, valid for writing.
    let read = unsafe { libc::sigaction(signal, std::ptr::null(), action.as_mut_ptr()) } == 0;
    // SAFETY: `sigaction` succeeded, so it wrote the action.
    read && unsafe { action.assume_init() }.sa_sigaction == libc::SIG_IGN
}

/// Handles the signals `signals` (numbers): the first of them wakes a thread that calls
/// `shut_down` with it.
pub(super) fn handle(
    signals: &[i32],
    even_if_ignored: bool,
    shut_down: ShutDown,
) -> io::Result<()> {
    let mut handled = HANDLED.lock().unwrap_or_else(PoisonError::into_inner);
    let mut fresh: Vec<i32> = Vec::new();
    for &signal in signals {
        let known = handled
            .as_ref()
            .is_some_and(|h| h.signals.contains(&signal));
        // A signal the process was told to ignore (`nohup`, a shell's background job) stays
        // ignored, unless the program asked for it anyway.
        let left_alone = !even_if_ignored && is_ignored(signal);
        if !known && !left_alone && !fresh.contains(&signal) {
            fresh.push(signal);
        }
    }
    if fresh.is_empty() {
        return Ok(());
    }
    for &signal in &fresh {
        // SAFETY: the action only loads and stores atomics and calls `write`, `sigaction`,
        // `pthread_sigmask`, `raise` and `_exit`, all async-signal-safe, and cannot panic;
        // signal-hook keeps `errno` as it was.
        unsafe { signal_hook::low_level::register(signal, move || on_signal(signal)) }?;
        HANDLED_MASK.fetch_or(1 << signal, Ordering::SeqCst);
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
                        shut_down(signal);
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

/// In a forked child, on the forking thread before `fork` returns. The thread that waits for the
/// signals stayed in the parent (its pipe is shared with the parent, so it cannot be waited on
/// here): the child gets a thread of its own and a pipe of its own, which the signal handler
/// wakes. Unless the child goes on with a run of the forking thread (`parent_run` false), whatever
/// shutdown the parent had started is not the child's.
///
/// Starting a thread is not async-signal-safe, which a hook that runs in the child of a
/// multi-threaded parent should be; it is what makes a handled signal work in the child, and the
/// C libraries this runs on make their allocator and thread creation usable in the child of
/// `fork`, as every program that goes on after `fork` needs.
pub(super) fn in_child(parent_run: bool, shut_down: ShutDown) {
    if parent_run {
        SHUTTING_DOWN.store(false, Ordering::SeqCst);
    }
    CHILD_SIGNAL.store(0, Ordering::SeqCst);
    // A grandchild: the pipe of its parent's thread, which did not come along, is of no use.
    for end in [&CHILD_WAKE, &CHILD_READ] {
        let fd = end.swap(-1, Ordering::SeqCst);
        if fd >= 0 {
            // SAFETY: `fd` is an end of the pipe this hook made in the parent, used by nothing else.
            unsafe { libc::close(fd) };
        }
    }
    if HANDLED_MASK.load(Ordering::SeqCst) == 0 {
        return;
    }
    let mut fds = [-1; 2];
    // SAFETY: `fds` is valid for writing two descriptors.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        crate::sys::write_stderr(b"atexit: cannot handle signals in this forked child (pipe)\n");
        return;
    }
    for fd in fds {
        // SAFETY: `fd` was just made by `pipe`; the flag keeps it out of programs `exec`ed later.
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    let [read, write] = fds;
    match crate::sys::thread::spawn(move || wait_in_child(read, shut_down)) {
        Ok(thread) => {
            drop(thread);
            CHILD_READ.store(read, Ordering::SeqCst);
            CHILD_WAKE.store(write, Ordering::SeqCst);
        }
        Err(_) => {
            // Left handled, a signal would only wake a pipe nobody reads: the child would ignore
            // it. Its default action ends the child as it would without `handle_signals`.
            crate::sys::write_stderr(
                b"atexit: cannot handle signals in this forked child (no thread): they end it \
                  without running the handlers\n",
            );
            for fd in fds {
                // SAFETY: both ends were made above and are used by nothing else.
                unsafe { libc::close(fd) };
            }
            let handled = HANDLED_MASK.swap(0, Ordering::SeqCst);
            for signal in (0..64).filter(|signal| handled & (1 << signal) != 0) {
                // SAFETY: restores the default action of a signal number `handle` recorded; the
                // child has this one thread, and no handler of the runtime's is left for it.
                unsafe { libc::signal(signal, libc::SIG_DFL) };
            }
        }
    }
}

/// The set of the signals in `mask`.
fn sigset(mask: u64) -> libc::sigset_t {
    let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: `sigemptyset` initialises the set; `sigaddset` adds valid signal numbers (those
    // `handle` recorded) to it. Both are async-signal-safe.
    unsafe {
        libc::sigemptyset(set.as_mut_ptr());
        for signal in (0..64).filter(|signal| mask & (1 << signal) != 0) {
            libc::sigaddset(set.as_mut_ptr(), signal);
        }
        set.assume_init()
    }
}

/// Before `fork`: blocks the handled signals on the forking thread (see `fork::before_fork`).
pub(crate) fn block_for_fork() {
    let handled = HANDLED_MASK.load(Ordering::SeqCst);
    if handled == 0 {
        return;
    }
    let set = sigset(handled);
    let mut old = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: `set` is initialised and `old` valid for writing; `pthread_sigmask` is
    // async-signal-safe and changes this thread's mask only.
    if unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, old.as_mut_ptr()) } != 0 {
        return;
    }
    // SAFETY: `pthread_sigmask` succeeded, so it wrote the previous mask.
    let old = unsafe { old.assume_init() };
    let blocked = (0..64u32)
        .filter(|&signal| handled & (1 << signal) != 0)
        // SAFETY: `old` is an initialised set and `signal` a valid signal number.
        .filter(|&signal| unsafe { libc::sigismember(&old, signal as i32) } == 0)
        .fold(0u64, |mask, signal| mask | 1 << signal);
    let _ = BLOCKED_FOR_FORK.try_with(|cell| cell.set(blocked));
}

/// After `fork`, in the parent and (once its signal thread exists) in the child: unblocks what
/// `block_for_fork` blocked. A signal that arrived meanwhile is delivered now.
pub(crate) fn unblock_after_fork() {
    let blocked = BLOCKED_FOR_FORK
        .try_with(|cell| cell.replace(0))
        .unwrap_or(0);
    if blocked == 0 {
        return;
    }
    let set = sigset(blocked);
    // SAFETY: `set` is initialised; a null old mask is allowed.
    unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) };
}

/// The runtime's part of the signal handler: the first handled signal starts the shutdown (the
/// signal thread, or in a forked child `wake_child`, runs it); a second one while it runs ends the
/// process at once, by that signal.
fn on_signal(signal: i32) {
    if SHUTTING_DOWN.swap(true, Ordering::SeqCst) {
        crate::sys::signal::die_by_signal(signal);
    }
    wake_child(signal);
}

/// The signal handler's part in a forked child: wake the child's thread, once.
fn wake_child(signal: i32) {
    let fd = CHILD_WAKE.load(Ordering::SeqCst);
    if fd < 0 {
        return;
    }
    if CHILD_SIGNAL
        .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
    {
        let byte = 1u8;
        // SAFETY: `byte` is valid for reading one byte; `fd` is the write end of the child's pipe.
        unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
    }
}

/// The child's signal thread: waits for the first handled signal, then shuts the child down.
fn wait_in_child(read: i32, shut_down: ShutDown) {
    let mut byte = 0u8;
    loop {
        // SAFETY: `byte` is valid for writing one byte; `read` is the read end of the child's pipe.
        let n = unsafe { libc::read(read, (&mut byte as *mut u8).cast(), 1) };
        if n == 1 {
            break;
        }
        if n < 0 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            continue;
        }
        return;
    }
    shut_down(CHILD_SIGNAL.load(Ordering::SeqCst));
}
