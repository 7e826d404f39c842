use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::{Error, Item, ItemFn};

use crate::args::{self, Args};
use crate::validate;

pub(crate) fn register(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input.clone()) {
        Ok(item) => item,
        Err(error) => return with_error(input, error),
    };
    let args = args::parse(args);
    let function = validate::handler(item);
    match (args, function) {
        (Ok(args), Ok(function)) => expand(&args, &function),
        (Err(mut error), Err(more)) => {
            error.combine(more);
            with_error(input, error)
        }
        (Err(error), _) | (_, Err(error)) => with_error(input, error),
    }
}

/// The item as written, so that it still resolves, followed by the error.
fn with_error(input: TokenStream, error: Error) -> TokenStream {
    let error = error.to_compile_error();
    quote!(#input #error)
}

fn expand(args: &Args, function: &ItemFn) -> TokenStream {
    let krate = match &args.krate {
        Some(path) => path.to_token_stream(),
        None => quote!(::atexit),
    };
    let ident = &function.sig.ident;
    let priority = match &args.priority {
        Some(priority) => priority.to_token_stream(),
        None => quote!(0),
    };
    // Spanned on the function's name so that `line!()` and `column!()` give its position.
    let place = quote_spanned! {ident.span()=>
        place: ::core::concat!(
            ::core::file!(), "\0", ::core::module_path!(), "::", ::core::stringify!(#ident)
        ),
        file_len: ::core::file!().len() as u32,
        line: ::core::line!(),
        column: ::core::column!(),
    };
    quote! {
        #function

        const _: () = {
            #[#krate::__private::linkme::distributed_slice(#krate::__private::STATIC_HANDLERS)]
            #[linkme(crate = #krate::__private::linkme)]
            static HANDLER: #krate::__private::StaticHandler = #krate::__private::StaticHandler {
                #place
                priority: #priority,
                handler: |type_id| #krate::__private::dispatch(#ident, type_id),
            };
        };
    }
}
