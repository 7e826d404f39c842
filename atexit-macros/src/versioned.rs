//! `__versioned!`: the name the runtime gives its linker-gathered slice, unique per semver-compatible
//! version of the crate, so that two versions in one binary never share a linker section.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{braced, Error, Token};

/// `NAME, { item }`: the item with `NAME` renamed, then `NAME` re-exported under its old name.
struct Input {
    name: Ident,
    item: TokenStream,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Input> {
        let name = input.parse()?;
        input.parse::<Token![,]>()?;
        let content;
        braced!(content in input);
        Ok(Input {
            name,
            item: content.parse()?,
        })
    }
}

/// The semver-compatible part of a version: `1` for `1.4.2`, `0_3` for `0.3.1`, `0_0_7` for `0.0.7`.
pub(crate) fn compatible(version: &str) -> Option<String> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(str::parse::<u64>);
    let (major, minor, patch) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    Some(match (major, minor) {
        (0, 0) => format!("0_0_{patch}"),
        (0, minor) => format!("0_{minor}"),
        (major, _) => major.to_string(),
    })
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let Input { name, item } = match syn::parse2(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    // The version of the crate this expands in (Cargo sets it for the compiler's process).
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let Some(compatible) = compatible(&version) else {
        let message = format!("cannot read the version {version:?}");
        return Error::new(name.span(), message).to_compile_error();
    };
    let versioned = Ident::new(&format!("ATEXIT_RS_{compatible}_{name}"), name.span());
    let item: TokenStream = item
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) if ident == name => TokenTree::Ident(versioned.clone()),
            other => other,
        })
        .collect();
    quote! {
        #item
        #[doc(hidden)]
        pub use #versioned as #name;
    }
}

#[cfg(test)]
mod tests {
    use super::compatible;

    #[test]
    fn the_compatible_part_is_what_semver_keeps() {
        assert_eq!(compatible("0.1.0").as_deref(), Some("0_1"));
        assert_eq!(compatible("0.2.9").as_deref(), Some("0_2"));
        assert_eq!(compatible("0.0.7").as_deref(), Some("0_0_7"));
        assert_eq!(compatible("1.4.2").as_deref(), Some("1"));
        assert_eq!(compatible("2.0.0-rc.1").as_deref(), Some("2"));
        assert_eq!(compatible("1.2"), None);
        assert_eq!(compatible("x.1.2"), None);
    }
}
