//! Registering and unregistering at run time.

use std::any::TypeId;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::Location;
use std::time::Duration;

use crate::future;
use crate::registry::dynamic;
use crate::registry::handler::{HandlerResult, IntoOutcome};
use crate::registry::limits;
use crate::registry::payload;
use crate::registry::statics;
use crate::run::context;

/// One run-time registration, returned by [`register`], `register_with!`, [`register_async`] and
/// `register_async_with!`.
///
/// Dropping it keeps the handler registered; [`Registration::unregister`] removes exactly this one.
///
/// ```
/// let first = atexit::register(|| println!("first"));
/// let second = atexit::register(|| println!("second"));
/// assert!(second.sequence() > first.sequence()); // registered later, runs earlier
/// assert!(first.unregister()); // exactly this one; `second` still runs at exit
/// # atexit::clear();
/// ```
#[derive(Debug)]
pub struct Registration {
    sequence: usize,
}

impl Registration {
    /// Removes this registration. True if it was still registered; false if it has run already or
    /// was removed by [`unregister`] or [`clear`].
    pub fn unregister(self) -> bool {
        dynamic::global().remove(self.sequence)
    }

    /// The registration's sequence number: registrations made later have larger ones and run
    /// earlier. [`handlers`](crate::handlers) shows it as `dynamic[N]`.
    pub fn sequence(&self) -> usize {
        self.sequence
    }

    /// Keeps the handler out of forked children: it runs only in this process.
    ///
    /// A child made with `fork` inherits the handlers registered before it (C's and Python's rule),
    /// so by default both processes run them. A handler that removes a pid file, a socket or a
    /// temporary directory belongs to one process; mark it so the child drops it: the child neither
    /// runs it nor drops its captured values (whose destructors might remove the same things). Mark
    /// it before forking: a child forked before this call still has it. Returns the registration
    /// unchanged. Where there is no `fork` (Windows, WebAssembly) it has no effect.
    ///
    /// ```
    /// let pid_file = std::env::temp_dir().join(format!("server-{}.pid", std::process::id()));
    /// std::fs::write(&pid_file, std::process::id().to_string()).unwrap();
    /// let path = pid_file.clone();
    /// atexit::register(move || std::fs::remove_file(path)).this_process_only();
    /// # atexit::clear();
    /// # std::fs::remove_file(pid_file).unwrap();
    /// ```
    pub fn this_process_only(self) -> Registration {
        dynamic::global().mark_this_process(self.sequence);
        self
    }

    /// Gives an async handler ([`register_async`]) its own time limit: past it, its future is
    /// dropped (which cancels it), the handler is reported as failed with its name and the time,
    /// and the next handler runs. The deadline of all the handlers
    /// ([`set_timeout`](crate::set_timeout)) still applies. A synchronous handler cannot be
    /// stopped part-way: on one registered with [`register`] the limit has no effect.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// atexit::register_async(async {
    ///     // send the last metrics...
    /// })
    /// .timeout(Duration::from_secs(2));
    /// ```
    pub fn timeout(self, limit: Duration) -> Registration {
        limits::set(self.sequence, limit);
        self
    }
}

/// Registers `f` to run when the process exits normally (Python's `atexit.register(func)`).
///
/// `f` is a function item or a closure, called once, on whichever thread ends the process. It returns
/// `()` or `Result<(), E>` with `E: Display`; an `Err` or a panic is reported on stderr and the other
/// handlers still run. Handlers run last-in, first-out; every handler registered at run time runs
/// before the `#[atexit::register]` functions, which count as registered before `main`.
///
/// The same function may be registered any number of times; it runs once per registration.
/// Registering takes no lock. A function item, or a closure that captures up to 16 bytes, is kept
/// in the registry itself with no allocation of its own (the registry grows by segments of 1,024);
/// a larger closure is boxed.
///
/// ```
/// let registration = atexit::register(|| println!("bye"));
/// assert!(registration.unregister());
/// ```
#[track_caller]
#[inline]
pub fn register<F, R>(f: F) -> Registration
where
    F: FnOnce() -> R + Send + 'static,
    R: HandlerResult,
{
    push::<F, F, R, false>(f, Location::caller())
}

/// Registers `handler`, known to `unregister` and to reports as `K` (a future registered as it is
/// if `FUTURE`).
#[inline]
fn push<K, F, R, const FUTURE: bool>(
    handler: F,
    location: &'static Location<'static>,
) -> Registration
where
    K: 'static,
    F: FnOnce() -> R + Send + 'static,
    R: IntoOutcome,
{
    Registration {
        sequence: dynamic::global()
            .push(|room| payload::pack::<K, F, R, FUTURE>(handler, location, || room.get())),
    }
}

/// Registers the async handler whose future `make` makes in its turn, known as `K` (the future
/// itself if `FUTURE`).
fn push_async<K, M, F, const FUTURE: bool>(
    make: M,
    location: &'static Location<'static>,
) -> Registration
where
    K: 'static,
    M: FnOnce() -> F + Send + 'static,
    F: Future,
    F::Output: HandlerResult,
{
    #[cfg(feature = "tokio")]
    crate::future::on_tokio::remember_program_runtime();
    let handler = move || {
        let limit = context::sequence().and_then(limits::of);
        future::call(make, limit)
    };
    push::<K, _, _, FUTURE>(handler, location)
}

/// `register_with!(f, args...)`: `call` calls `f` with the arguments, which were moved in now;
/// `f`'s type (`key`) is `unregister`'s key.
///
/// Not public API. Used by generated code.
#[doc(hidden)]
#[track_caller]
#[inline]
pub fn register_with<K, C, R>(key: PhantomData<K>, call: C) -> Registration
where
    K: 'static,
    C: FnOnce() -> R + Send + 'static,
    R: HandlerResult,
{
    let _ = key;
    push::<K, C, R, false>(call, Location::caller())
}

/// The type of `f`, as the key `register_with!` registers it under.
///
/// Not public API. Used by generated code.
#[doc(hidden)]
#[inline]
pub const fn key_of<K>(f: &K) -> PhantomData<K> {
    let _ = f;
    PhantomData
}

/// Registers `future` to be run to completion when the process exits normally: an async handler.
///
/// It runs in the same last-in, first-out order as the synchronous handlers, one handler at a time:
/// its turn comes, the future is polled to completion on the thread that runs the handlers, and
/// then the next handler runs. Its output is `()` or `Result<(), E>` with `E: Display`; an `Err` or
/// a panic is reported and the other handlers still run, as for [`register`]. No async runtime is
/// needed: the runtime's own executor polls the future and sleeps until its waker is called, so a
/// future that needs a runtime's reactor (sockets, timers of an async runtime) must bring it, or
/// use the `tokio` feature. [`Registration::timeout`] gives it a limit of its own.
///
/// ```
/// let registration = atexit::register_async(async {
///     // flush an exporter, close a pool, send a last message...
///     Ok::<(), std::io::Error>(())
/// });
/// # assert!(registration.unregister());
/// ```
#[track_caller]
pub fn register_async<F, R>(future: F) -> Registration
where
    F: Future<Output = R> + Send + 'static,
    R: HandlerResult,
{
    push_async::<F, _, _, true>(move || future, Location::caller())
}

/// `register_async_with!(f, args...)`: `make` calls `f` with the arguments, which were moved in
/// now, in the handler's turn; `f`'s type (`key`) is `unregister`'s key.
///
/// Not public API. Used by generated code.
#[doc(hidden)]
#[track_caller]
pub fn register_async_with<K, M, F>(key: PhantomData<K>, make: M) -> Registration
where
    K: 'static,
    M: FnOnce() -> F + Send + 'static,
    F: Future,
    F::Output: HandlerResult,
{
    let _ = key;
    push_async::<K, M, F, false>(make, Location::caller())
}

/// Unregisters every registration of the function `f`: run-time ones (`register`,
/// `register_async`), those made with `register_with!` or `register_async_with!` whatever their
/// arguments, and `#[atexit::register]` ones (`async fn` included). Returns how many were
/// removed; 0, silently, if there were none (Python's `atexit.unregister(func)`).
///
/// A function is known by its type, not its address: two functions with identical bodies are two
/// handlers even where an optimised build gives them one address. So `f` must be a function item or
/// a closure that captures nothing; anything else (a `fn` pointer, a capturing closure) has no
/// identity and is rejected at compile time: remove such a handler with
/// [`Registration::unregister`]. A closure that captures a value that is not `Copy` is rejected by
/// `cargo check`; a `fn` pointer or a closure that captures only `Copy` values is rejected by the
/// build alone (`cargo build`), because "captures nothing" is a size, which no trait bound can
/// state, and the compiler checks sizes in generic code only when it generates that code.
///
/// ```
/// fn flush() {}
/// atexit::register(flush);
/// atexit::register(flush);
/// assert_eq!(atexit::unregister(flush), 2);
/// assert_eq!(atexit::unregister(flush), 0);
/// ```
///
/// ```compile_fail
/// fn flush() {}
/// let pointer: fn() = flush;
/// atexit::unregister(pointer); // a `fn` pointer is not a function's identity
/// ```
pub fn unregister<F>(f: F) -> usize
where
    // A closure that captures a value that is not `Copy` is rejected here, when the program is
    // checked; a `fn` pointer, or a closure that captures only `Copy` values, by the size check
    // below, when it is built.
    F: Copy + 'static, // a function item or a closure that captures nothing; keep the Registration to remove anything else
{
    const {
        assert!(
            std::mem::size_of::<F>() == 0,
            "atexit::unregister takes a function item or a closure that captures nothing; \
             keep the Registration to remove anything else"
        )
    };
    let _ = f;
    let key = TypeId::of::<F>();
    let statics = statics::table()
        .iter()
        .filter(|slot| slot.handler().type_id() == key && slot.remove())
        .count();
    statics + dynamic::global().remove_where(|vtable| (vtable.type_id)() == key)
}

/// Unregisters every handler, static ones included (Python's `atexit._clear`).
///
/// ```
/// atexit::register(|| println!("never printed"));
/// atexit::clear();
/// assert_eq!(atexit::ncallbacks(), 0);
/// ```
pub fn clear() {
    dynamic::global().remove_where(|_| true);
    for slot in statics::table() {
        slot.remove();
    }
}

/// How many handlers are registered and have not run yet (Python's `atexit._ncallbacks`),
/// `#[atexit::register]` ones included.
///
/// ```
/// let before = atexit::ncallbacks();
/// let registration = atexit::register(|| println!("bye"));
/// assert_eq!(atexit::ncallbacks(), before + 1);
/// registration.unregister();
/// assert_eq!(atexit::ncallbacks(), before);
/// ```
pub fn ncallbacks() -> usize {
    dynamic::global().live() + statics::table().iter().filter(|s| s.is_live()).count()
}
