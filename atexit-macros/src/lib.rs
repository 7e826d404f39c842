//! Implementation detail of the `atexit` crate: the `#[atexit::register]` attribute.

mod args;
mod expand;
mod function;
#[cfg(test)]
mod fuzz;
mod versioned;

use proc_macro::TokenStream;

/// Registers a function to run when the process exits normally (Python's `@atexit.register`).
///
/// ```
/// #[atexit::register]
/// fn goodbye() {
///     println!("You are now leaving the Rust sector.");
/// }
///
/// #[atexit::register(priority = -10)] // registered earlier, so it runs after `goodbye`
/// fn flush_log() -> std::io::Result<()> {
///     Ok(())
/// }
/// # fn main() {}
/// ```
///
/// The function stays an ordinary function that can be called by name. It takes no arguments and
/// returns `()` or `Result<(), E>` with `E: Display`; it must not be generic, `unsafe` or a method.
/// It may be an `async fn`: its future is run to completion in the handler's turn. Options:
///
/// - `priority = N`: an `i32` constant expression, default 0. Lower priorities are registered
///   earlier and so run later.
/// - `timeout = "2s"`: an `async fn`'s own limit (`"500ms"`, `"1.5"` seconds, `"1m"`); past it
///   the future is dropped and the handler reported as failed. Not for a synchronous `fn`, which
///   cannot be stopped part-way.
/// - `crate = path`: where the `atexit` crate is, if it was renamed.
///
/// Static handlers count as registered before `main`, so they run after every handler registered
/// at run time. See the crate documentation for the full order and for linking.
#[proc_macro_attribute]
pub fn register(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::register(args.into(), input.into()).into()
}

/// Not public API: used by the runtime to name its slice of static handlers after its own
/// semver-compatible version (`ATEXIT_RS_0_1_STATIC_HANDLERS`), so that two incompatible versions of
/// the crate in one binary each have their own linker section.
#[doc(hidden)]
#[proc_macro]
pub fn __versioned(input: TokenStream) -> TokenStream {
    versioned::expand(input.into()).into()
}
