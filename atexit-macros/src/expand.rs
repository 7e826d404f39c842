use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::Error;

use crate::args::{self, Args};
use crate::function::{self, Function};

pub(crate) fn register(args: TokenStream, input: TokenStream) -> TokenStream {
    match check(args, input.clone()) {
        Ok((args, function)) => expand(&args, &function, input),
        Err(error) => with_error(input, error),
    }
}

/// The options and the function, or every error found in either.
pub(crate) fn check(args: TokenStream, input: TokenStream) -> Result<(Args, Function), Error> {
    let args = args::parse(args);
    let function = parse_item(&input);
    match (args, function) {
        (Ok(args), Ok(function)) => match (&args.timeout, &function.asyncness) {
            (Some((timeout, _)), None) => Err(Error::new_spanned(
                timeout,
                "`timeout` is for an `async fn` handler, whose future can be dropped at its limit; \
                 a synchronous handler cannot be stopped part-way: make it `async fn`, or set a \
                 deadline for all the handlers with atexit::set_timeout",
            )),
            _ => Ok((args, function)),
        },
        (Err(mut error), Err(more)) => {
            error.combine(more);
            Err(error)
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    }
}

/// Parses the item inside a group whose span is the item's last token: `syn` reports a token
/// missing at the end of a group at the group's span, and at the end of the whole input at the
/// macro's call site, which is outside the input.
fn parse_item(input: &TokenStream) -> Result<Function, Error> {
    let end = input
        .clone()
        .into_iter()
        .last()
        .map_or_else(Span::call_site, |token| token.span());
    let mut group = Group::new(Delimiter::Parenthesis, input.clone());
    group.set_span(end);
    let parser = |outer: ParseStream| {
        let inner;
        syn::parenthesized!(inner in outer);
        let item = function::parse(&inner)?;
        if !inner.is_empty() {
            return Err(inner.error("unexpected token after the function"));
        }
        Ok(item)
    };
    parser.parse2(TokenTree::Group(group).into())
}

/// The item as written, so that it still resolves, followed by the error.
fn with_error(input: TokenStream, error: Error) -> TokenStream {
    let error = error.to_compile_error();
    quote!(#input #error)
}

/// The error `#[atexit::register]` is on WebAssembly, where linkme cannot gather static entries.
pub(crate) const WASM_UNSUPPORTED: &str = "`#[atexit::register]` is not supported on WebAssembly: \
    the linker cannot gather static handlers there; register the handler at run time with \
    `atexit::register(f)` instead";

/// The function as written, then its entry in the slice of static handlers.
fn expand(args: &Args, function: &Function, item: TokenStream) -> TokenStream {
    let wasm_unsupported = WASM_UNSUPPORTED;
    let krate = match &args.krate {
        Some(path) => path.to_token_stream(),
        None => quote!(::atexit),
    };
    let ident = &function.ident;
    let priority = match &args.priority {
        Some(priority) => priority.to_token_stream(),
        None => quote!(0),
    };
    // Spanned on the function's name so that `line!()` and `column!()` give its position.
    let place = quote_spanned! {ident.span()=>
        place: ::core::concat!(
            ::core::file!(), "\0", ::core::module_path!(), "::", ::core::stringify!(#ident)
        ),
        file_len: #krate::__private::file_len(::core::file!()),
        line: ::core::line!(),
        column: ::core::column!(),
    };
    // A function returning `()` is the entry's function itself; any other result goes through a
    // closure that checks its type and converts it; an `async fn`'s future is run to completion.
    let call = if function.asyncness.is_some() {
        let limit = match &args.timeout {
            Some((_, nanos)) => {
                quote!(::core::option::Option::Some(::core::time::Duration::from_nanos(#nanos)))
            }
            None => quote!(::core::option::Option::None),
        };
        quote!(#krate::__private::Call::Fallible(
            || #krate::__private::run_static(#ident, #limit)
        ))
    } else if function.returns_unit {
        quote!(#krate::__private::Call::Unit(#ident))
    } else {
        // Spanned on the return type: a type that cannot be a handler's result is an error there.
        // The public trait, not a private function's bound: the error names no private path.
        let into_outcome = match &function.output {
            Some(output) => quote_spanned! {output.span()=>
                <#output as #krate::HandlerResult>::into_outcome
            },
            None => quote!(#krate::HandlerResult::into_outcome),
        };
        quote!(#krate::__private::Call::Fallible(
            || #krate::__private::outcome(#into_outcome(#ident()))
        ))
    };
    // A named constant, not `const _`: in an `impl` (where the attribute cannot work, see
    // `function::parse`) the error is then only the one about the function's name.
    let holder = format_ident!("_atexit_register_{}", ident, span = ident.span());
    quote! {
        #item

        #[allow(non_upper_case_globals)]
        #[doc(hidden)]
        const #holder: () = {
            #[cfg(target_family = "wasm")]
            ::core::compile_error!(#wasm_unsupported);
            #[cfg(not(target_family = "wasm"))]
            #[#krate::__private::linkme::distributed_slice(#krate::__private::STATIC_HANDLERS)]
            #[linkme(crate = #krate::__private::linkme)]
            static HANDLER: #krate::__private::StaticHandler = #krate::__private::StaticHandler {
                #place
                priority: #priority,
                call: #call,
                type_id: #krate::__private::type_id_of(#ident),
            };
            // GNU ld's `--gc-sections` drops a PE section nothing refers to, and nothing refers to
            // a slice entry: a pointer in `.xdata`, a section that linker always keeps and reads
            // only through `.pdata`, keeps the entry in the image (linkme#25).
            #[cfg(all(windows, target_env = "gnu"))]
            #[used]
            #[link_section = ".xdata$atexit"]
            static KEEP: &#krate::__private::StaticHandler = &HANDLER;
        };
    }
}
