//! Python's `atexit` for Rust: functions that run, last registered first, when the process exits
//! normally, from any crate of the program, without wiring calls into `main`.
//!
//! ```
//! #[atexit::register]
//! fn goodbye() {
//!     println!("You are now leaving the Rust sector.");
//! }
//!
//! fn greet(name: &str) {
//!     println!("Goodbye, {name}!");
//! }
//!
//! fn main() {
//!     atexit::register(|| println!("flushing the log"));
//!     atexit::register_with!(greet, "Alice");
//!     println!("Program is running...");
//! }
//! ```
//!
//! prints
//!
//! ```text
//! Program is running...
//! Goodbye, Alice!
//! flushing the log
//! You are now leaving the Rust sector.
//! ```
//!
//! Add it with `cargo add atexit` (`cargo add atexit -F signals` to handle Ctrl-C and `kill`).
//!
//! # Features
//!
//! - *(none)*: everything but the two below: the attribute, run-time registration, async handlers
//!   on the built-in executor, the deadline, [`handlers`], the failure hook, fork awareness.
//! - **`signals`**: `atexit::handle_signals(&[Signal::Interrupt, Signal::Terminate])` runs the
//!   handlers on SIGINT, SIGTERM, SIGHUP or SIGQUIT (Unix, adds `signal-hook`) or the console
//!   control events (Windows, adds `windows-sys`), then ends the process by that signal.
//! - **`tokio`**: async handlers run inside a tokio runtime, so that their futures can use tokio's
//!   sockets and timers (adds `tokio` with `rt`). Without it, a handler that needs tokio fails, and
//!   its report says to enable the feature.
//!
//! # Python's API, in Rust
//!
//! | Python | Rust |
//! | --- | --- |
//! | `@atexit.register` | [`#[atexit::register]`](macro@register), `#[atexit::register(priority = N)]` |
//! | `atexit.register(func)` | [`atexit::register(f)`](fn@register) → [`Registration`] |
//! | `atexit.register(func, *args)` | [`atexit::register_with!(f, args...)`](register_with) |
//! | `atexit.unregister(func)` | [`atexit::unregister(f)`](unregister) → how many were removed |
//! | — | [`Registration::unregister`]: exactly one registration |
//! | `atexit._run_exitfuncs()` | [`atexit::run_exitfuncs()`](run_exitfuncs) |
//! | `atexit._clear()` | [`atexit::clear()`](clear) |
//! | `atexit._ncallbacks()` | [`atexit::ncallbacks()`](ncallbacks) |
//! | `sys.exit(n)` in a handler (ignored) | [`atexit::exit(n)`](exit): ends that handler, the status becomes `n` |
//!
//! # When handlers run
//!
//! On every normal exit: `main` returns, [`std::process::exit`] is called from any thread,
//! [`atexit::exit`](exit) is called, or `main` panics and unwinds (the status stays 101). Not on
//! [`std::process::abort`], `libc::_exit` or a fatal signal.
//!
//! In a `panic = "abort"` build, a panic in any thread outside a handler prints its message, runs
//! the handlers, then aborts the process as before. A handler that panics is reported and the
//! others run, on a new thread (the panicking one cannot go on); the process then ends with the
//! status it was exiting with where the C library tells it (glibc), and aborts elsewhere. This
//! works from the panic hook the runtime installs before `main`: a hook the program installs must
//! call the one it replaced (`std::panic::take_hook`) to keep it. Where no thread can start (a
//! process at its thread limit), the others run on the panicking thread, inside its panic hook,
//! where a second panic aborts the process at once (the README's rules).
//!
//! They run on the thread that ended the process, after the main thread's thread-local values were
//! dropped and after Rust's standard output was flushed (what a handler prints is written at once).
//! A handler should not wait for other threads that may themselves be trying to exit: a second
//! thread that calls `exit` while the handlers run waits until the process ends.
//!
//! # Order
//!
//! Last registered, first run. Every [`#[atexit::register]`](macro@register) function counts as
//! registered before `main` starts, so all of them run after every handler registered at run time.
//! Among the static handlers, registration order is:
//!
//! 1. `priority`, lower first (the C and `ctor` convention: a lower priority is registered earlier
//!    and so runs later; the default is 0);
//! 2. then the crate's name, in byte order;
//! 3. then the position in the source: file path, line, column. One file's handlers are registered
//!    top to bottom and so run bottom to top.
//!
//! This order is the same in debug and release builds, with LTO and with any number of codegen
//! units. The linker's order of the entries is not, so it is not used. Python's own rule, that a
//! module's handlers run before those of the modules it imported, cannot be read off reliably in
//! Rust: use `priority` to order handlers across crates (a lower-level crate gives its handlers a
//! lower priority, so they run later).
//!
//! A handler registered while the handlers are running runs next. One unregistered before its turn
//! does not run.
//!
//! # Failures
//!
//! A handler that panics or returns `Err` never stops the others. The runtime catches it (nothing
//! unwinds into C), reports it in one line on stderr, goes on with the next handler, and leaves the
//! exit status as it was, as CPython does. `examples/failures.rs` prints:
//!
//! ```text
//! atexit: handler closure at examples/failures.rs:27:5 panicked at examples/failures.rs:22:9: no space left on the device
//! atexit: handler failures::save_state (examples/failures.rs:9) failed: disk full
//! ```
//!
//! A handler is named by its path and its place: the function's definition for
//! `#[atexit::register]`, the call that registered it otherwise; a closure, which has no path, by
//! the place it was registered, with the column. A panic also says where it happened, and with
//! `RUST_BACKTRACE=1` (or `full`) the report goes on with the panic's backtrace, as the standard
//! library prints it. The `ATEXIT_LOG` log, the deadline's report and [`handlers`] name handlers
//! the same way.
//!
//! [`set_failure_hook`] sends the failures elsewhere, as Python's `sys.unraisablehook` does: the
//! hook receives each as a [`Failure`] (name, place, [`FailureKind`], message, where it panicked,
//! backtrace, how long it ran) instead of the line on stderr, so that a program that logs with
//! `log` or `tracing` reports them there:
//!
//! ```
//! atexit::set_failure_hook(|failure| {
//!     eprintln!("[shutdown] {failure}"); // or log::error!("{failure}")
//! });
//! ```
//!
//! # Exiting from a handler
//!
//! Call [`atexit::exit(code)`](exit) in a handler: it ends only that handler, the others still
//! run, and the process then exits with `code`. [`std::process::exit`] cannot run while the
//! process is already exiting (the standard library stops it, and a process without this crate
//! aborts); in a handler, the runtime reports it and runs the other handlers, and the status stays
//! the one the process was exiting with:
//!
//! ```text
//! atexit: handler closure at examples/failures.rs:32:9 called std::process::exit, which cannot run while the process exits; call atexit::exit(code) instead: it ends the handler, the others still run, and the status becomes `code`
//! ```
//!
//! # Threads
//!
//! Registering, unregistering and [`ncallbacks`] work from any thread at any time, also from inside
//! a handler; no lock is held while a handler runs, and registering a function item takes no lock
//! and allocates nothing. The handlers run exactly once, even when several threads call `exit` at
//! the same moment. Handlers must be `Send`: they run on whichever thread ends the process.
//!
//! # A library's handlers must be linked
//!
//! `#[atexit::register]` leaves its entry in the library's object code, and the linker gathers the
//! entries of every crate it links. A crate that the binary depends on in `Cargo.toml` but never
//! names in its code is not linked at all, and its handlers are silently not found. Name it once,
//! anywhere in the binary:
//!
//! ```ignore
//! use my_library as _;
//! ```
//!
//! # Closures that only exit or panic
//!
//! A closure whose body always diverges (it ends in `panic!` or [`atexit::exit`](exit) on every
//! path) has no return type Rust can infer, and `register` needs one. Write it out:
//! `atexit::register(|| -> () { ... })`.
//!
//! # Misuse is a compile error
//!
//! The attribute goes on a free function with no parameters (not on an associated function in an
//! `impl`: register a free function that calls it, or `atexit::register(Db::close_all)` at run
//! time); anything else is rejected with a message that says what to use instead:
//!
//! ```compile_fail
//! #[atexit::register] // error: an exit handler takes no arguments; to pass arguments use
//! fn greet(name: &str) {} //    atexit::register_with!(f, args...) at run time
//! # fn main() {}
//! ```
//!
//! # Beyond Python
//!
//! ## Signals
//!
//! A library must never take a program's signals, so nothing happens on SIGINT or SIGTERM unless
//! the program asks, with the `signals` feature:
//! `atexit::handle_signals(&[Signal::Interrupt, Signal::Terminate])`. On such a
//! signal the handlers run on a thread of the runtime's, and then the process ends by that same
//! signal, so a shell sees status 130 or 143 as it would without this crate. A second signal while
//! they run ends the process at once. See `examples/server.rs`.
//!
//! A signal the process was started with ignored (`nohup`, a shell's background job) stays
//! ignored; `Signal::is_ignored` tells which, and `handle_signals_even_if_ignored` takes them
//! anyway. As PID 1 of a container, where a raised signal is dropped, the process exits with 128 +
//! the signal's number instead (143, 130). The end never waits more than 100 ms for stdout's
//! lock, which another thread may hold.
//!
//! ## A deadline
//!
//! [`atexit::set_timeout(Duration::from_secs(5))`](set_timeout), or `ATEXIT_TIMEOUT=5s` in the
//! environment: if the handlers together run longer, stderr names the handler still running and
//! for how long, and the process exits with status [`TIMEOUT_STATUS`] (124):
//!
//! ```text
//! atexit: handler failures::upload_logs (examples/failures.rs:14) timed out: still running after 794.566ms, past the 1s deadline of the exit handlers; exiting with status 124
//! ```
//!
//! With no deadline there is no watching thread and no cost. A running handler can bound its own
//! work with [`atexit::remaining()`](remaining), the time left before the deadline.
//!
//! ## Async handlers
//!
//! An `async fn` under the attribute, a future given to [`register_async`], or an `async fn` with
//! arguments given to [`register_async_with!`] is one handler: in its turn, in the same last-in,
//! first-out order as the others, its future is run to completion; a panic or an `Err` is reported
//! and the next handler runs. An async handler can have a limit of its own, past which its future
//! is dropped and the handler reported as failed.
//!
//! ```
//! #[atexit::register(timeout = "2s")]
//! async fn flush_exporter() -> Result<(), std::io::Error> {
//!     Ok(()) // export the last spans...
//! }
//!
//! fn main() {
//!     atexit::register_async(async { println!("pool closed") })
//!         .timeout(std::time::Duration::from_secs(1));
//! }
//! ```
//!
//! No async runtime is built: a few lines of executor run the futures. With the `tokio` feature
//! they run inside a tokio runtime, so that they can use tokio's sockets and timers: the program's
//! own during a run for a handled signal, otherwise one made for the handlers.
//!
//! ## Fork
//!
//! A child made with `fork` inherits the handlers, as in C and Python. A handler that removes a
//! pid file must run only in the process that wrote it:
//! `atexit::register(remove_pid_file).`[`this_process_only()`](Registration::this_process_only).
//!
//! The child does not depend on its parent's threads: with `handle_signals` it handles the signals
//! on a thread of its own, and a child forked while another thread of the parent runs the handlers
//! runs, at its own exit, those that run had not started (see the README's rules).
//!
//! ## Seeing what runs
//!
//! [`atexit::handlers()`](handlers) lists the registered handlers in the order they will run, with
//! their names, places, kind (static or dynamic), priority and sequence number. With `ATEXIT_LOG=1`
//! in the environment, each handler is logged on stderr as it starts and ends, and a last line sums
//! the run up:
//!
//! ```text
//! atexit: running closure at examples/failures.rs:29:5
//! atexit: finished closure at examples/failures.rs:29:5 in 7.264µs
//! atexit: running core::future::pending::Pending<()> (examples/failures.rs:28)
//! atexit: handler core::future::pending::Pending<()> (examples/failures.rs:28) timed out: still running after 100ms, its own limit; the future was dropped
//! atexit: failed core::future::pending::Pending<()> (examples/failures.rs:28) after 100.603ms
//! ...
//! atexit: running failures::save_state (examples/failures.rs:9)
//! atexit: handler failures::save_state (examples/failures.rs:9) failed: disk full
//! atexit: failed failures::save_state (examples/failures.rs:9) after 18.104µs
//! atexit: 5 handlers ran, 3 failed, in 207.829ms
//! ```
//!
//! # Platforms
//!
//! The same on Linux, macOS and the BSDs, 64-bit and 32-bit. The differences (the README's platform
//! table has every cell, each backed by a test):
//!
//! - **Windows**: [`std::process::exit`] calls `ExitProcess`, which skips the C runtime's exit table,
//!   so it runs **no** handler. End the program with [`atexit::exit`](exit) (from any thread) or by
//!   returning from `main`. The `signals` feature handles the console control events (Ctrl-C,
//!   Ctrl-Break, the console closing, logoff, shutdown); `fork` does not exist, so
//!   `this_process_only` has no effect.
//! - **WebAssembly**: `#[atexit::register]` and the `signals` feature are compile errors (the
//!   linker gathers no static entries there); register at run time. On WASI the handlers run at
//!   exit; wasm32-unknown-unknown has no exit, so they run only on [`run_exitfuncs`]. There are no
//!   threads to watch a deadline.
//!
//! # Renamed dependency
//!
//! If `atexit` is imported under another name, say so: `#[cleanup::register(crate = cleanup)]`.
//!
//! # How it works
//!
//! `#[atexit::register]` writes one static entry into a [`linkme`](https://docs.rs/linkme)
//! distributed slice; no code runs for it before `main`. One C `atexit` hook, installed before
//! `main` by [`ctor`](https://docs.rs/ctor), runs the run-time registrations, then the static
//! entries (sorted the first time they are needed). Run-time registrations go to an append-only,
//! lock-free array whose slots are claimed with a compare-and-swap, which is what makes each handler
//! run exactly once whoever races to run or remove it.

#![deny(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use atexit_macros::register;
pub use atexit_rt::{
    clear, clear_timeout, exit, handlers, ncallbacks, register, register_async, remaining,
    run_exitfuncs, set_failure_hook, set_timeout, unregister, Failure, FailureKind, HandlerInfo,
    HandlerKind, HandlerResult, Registration, TIMEOUT_STATUS,
};
#[cfg(feature = "signals")]
pub use atexit_rt::{handle_signals, handle_signals_even_if_ignored, Signal};

/// Registers `f` to be called with `args` at exit (Python's `atexit.register(func, *args)`).
///
/// The arguments are evaluated and moved in now, not at exit, so they must be `Send + 'static`.
/// Returns a [`Registration`]; `unregister(f)` removes it whatever its arguments.
///
/// ```
/// fn goodbye(name: &str, adjective: &str) {
///     println!("Goodbye {name}, it was {adjective} to meet you.");
/// }
///
/// atexit::register_with!(goodbye, "Donny", "nice");
/// assert_eq!(atexit::unregister(goodbye), 1);
/// ```
#[macro_export]
macro_rules! register_with {
    ($f:expr $(, $arg:expr)* $(,)?) => {
        $crate::__register_with!(@start register_with, $f, [$($arg),*])
    };
}

/// Registers the `async fn` `f` to be called with `args` at exit, and its future run to completion
/// in its turn: [`register_with!`] for an `async fn`.
///
/// The arguments are moved in now; the future is made at exit, in the handler's turn, so it need
/// not be `Send`. Returns a [`Registration`] (its [`timeout`](Registration::timeout) applies);
/// `unregister(f)` removes it whatever its arguments.
///
/// ```
/// async fn say_goodbye(peer: String, attempts: u32) -> Result<(), std::io::Error> {
///     // connect to `peer`, retrying up to `attempts` times...
///     Ok(())
/// }
///
/// atexit::register_async_with!(say_goodbye, "127.0.0.1:7000".to_owned(), 3);
/// assert_eq!(atexit::unregister(say_goodbye), 1);
/// ```
#[macro_export]
macro_rules! register_async_with {
    ($f:expr $(, $arg:expr)* $(,)?) => {
        $crate::__register_with!(@start register_async_with, $f, [$($arg),*])
    };
}

/// Not public API. `register_with!` and `register_async_with!`: evaluates `f`, then each argument
/// in order into a variable of its own (each expansion's `arg` is a distinct name), then registers
/// a closure that calls `f` with them. The call is written out, so that a wrong number or type of
/// arguments is the compiler's error about calling `f`, and any number of arguments works.
#[doc(hidden)]
#[macro_export]
macro_rules! __register_with {
    (@start $register:ident, $f:expr, [$($arg:expr),*]) => {{
        let handler = $f;
        $crate::__register_with!(@bind $register, handler, [], [$($arg),*])
    }};
    (@bind $register:ident, $handler:ident, [$($bound:ident)*], []) => {
        $crate::__private::$register(
            $crate::__private::key_of(&$handler),
            move || $handler($($bound),*),
        )
    };
    (@bind $register:ident, $handler:ident, [$($bound:ident)*], [$head:expr $(, $rest:expr)*]) => {{
        let arg = $head;
        $crate::__register_with!(@bind $register, $handler, [$($bound)* arg], [$($rest),*])
    }};
}

/// Not public API. Used by generated code.
#[doc(hidden)]
pub mod __private {
    pub use atexit_rt::__private::*;
    #[cfg(not(target_family = "wasm"))]
    pub use linkme;

    // The slice the linker gathers every `#[atexit::register]` entry into, declared here rather
    // than in the runtime (see `atexit_rt::statics`). Named `ATEXIT_RS_<version>_STATIC_HANDLERS`
    // after the crate's semver-compatible version, and re-exported as `STATIC_HANDLERS`: linkme
    // names the linker section after the identifier, so two incompatible versions of the crate in
    // one binary, or another crate's slice of the same name, never share it.
    #[cfg(not(target_family = "wasm"))]
    atexit_macros::__versioned!(STATIC_HANDLERS, {
        #[linkme::distributed_slice]
        pub static STATIC_HANDLERS: [StaticHandler];
    });

    /// WebAssembly has no linker support for gathering static entries: `#[atexit::register]` is a
    /// compile error there, and there are no static handlers.
    #[cfg(target_family = "wasm")]
    pub static STATIC_HANDLERS: [StaticHandler; 0] = [];

    /// The slice, for the runtime, which calls this by its symbol.
    // SAFETY: the symbol is named after the runtime's exact version, which this crate requires
    // (`=`), so only this crate defines it, once per version in a binary; the runtime declares it
    // with this signature.
    #[allow(unsafe_code)]
    #[export_name = atexit_rt::__static_handlers_symbol!()]
    fn static_handlers() -> &'static [StaticHandler] {
        &STATIC_HANDLERS
    }
}
