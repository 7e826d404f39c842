//! Implementation detail of the `atexit` crate: the `#[atexit::register]` attribute.

mod args;
mod expand;
mod validate;

use proc_macro::TokenStream;

/// See the `atexit` crate's documentation.
#[proc_macro_attribute]
pub fn register(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::register(args.into(), input.into()).into()
}
