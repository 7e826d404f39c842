//! Python's `atexit` for Rust: functions that run, last registered first, when the process exits
//! normally.
//!
//! ```
//! #[atexit::register]
//! fn goodbye() {
//!     println!("You are now leaving the Rust sector.");
//! }
//!
//! fn main() {
//!     atexit::register(|| println!("flushing the log"));
//!     atexit::register_with!(greet, "Alice");
//!     println!("Program is running...");
//! }
//!
//! fn greet(name: &str) {
//!     println!("Goodbye, {name}!");
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

#![deny(unsafe_code)]

pub use atexit_macros::register;
pub use atexit_rt::{
    clear, exit, ncallbacks, register, run_exitfuncs, unregister, HandlerResult, Registration,
};

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
        $crate::__private::register_with($f, ($($arg,)*))
    };
}

/// Not public API. Used by generated code.
#[doc(hidden)]
pub mod __private {
    pub use atexit_rt::__private::*;
}
