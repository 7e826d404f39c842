//! The item under `#[atexit::register]`, read as far as a handler needs: its qualifiers, name,
//! generics and parameters, checked to be a free, non-generic, synchronous, safe `fn()`. The body
//! is not parsed (the compiler reads it where the item is printed back as written), which lets the
//! attribute use `syn` without its `full` feature: the same `syn` that `linkme` builds.

use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Abi, Attribute, Error, Generics, Result, ReturnType, Token, Visibility, WhereClause};

/// A handler function, checked.
pub(crate) struct Function {
    pub(crate) ident: Ident,
    /// The `async` keyword, if the function is an `async fn`.
    pub(crate) asyncness: Option<Token![async]>,
    /// No return type, or `-> ()`.
    pub(crate) returns_unit: bool,
    /// The return type as written, if any: checks of it point at it.
    pub(crate) output: Option<syn::Type>,
}

const NOT_A_FUNCTION: &str = "#[atexit::register] goes on a function `fn name()`; to register a \
    closure or a value at run time, use atexit::register(...)";

/// Reads and checks the item; every problem found is in the error.
pub(crate) fn parse(input: ParseStream) -> Result<Function> {
    let whole = input.fork();
    input.call(Attribute::parse_outer)?;
    input.parse::<Visibility>()?;
    if !is_function(input) {
        input.parse::<TokenStream>()?;
        return Err(Error::new_spanned(
            whole.parse::<TokenStream>()?,
            NOT_A_FUNCTION,
        ));
    }
    let mut errors = Errors::default();
    input.parse::<Option<Token![const]>>()?;
    let asyncness = input.parse::<Option<Token![async]>>()?;
    if let Some(unsafety) = input.parse::<Option<Token![unsafe]>>()? {
        errors.push(Error::new_spanned(
            unsafety,
            "an `unsafe fn` cannot be an exit handler: register a safe `fn` that makes the unsafe call",
        ));
    }
    input.parse::<Option<Abi>>()?;
    input.parse::<Token![fn]>()?;
    let ident: Ident = input.parse()?;
    let mut generics: Generics = input.parse()?;
    let parameters;
    syn::parenthesized!(parameters in input);
    let mut parameter_errors = Vec::new();
    while !parameters.is_empty() {
        parameter_errors.push(parameter(&parameters)?);
    }
    let (returns_unit, output) = match input.parse::<ReturnType>()? {
        ReturnType::Default => (true, None),
        ReturnType::Type(_, ty) => (
            matches!(&*ty, syn::Type::Tuple(tuple) if tuple.elems.is_empty()),
            Some(*ty),
        ),
    };
    generics.where_clause = input.parse::<Option<WhereClause>>()?;
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        let error =
            "an exit handler cannot be generic: write a non-generic `fn` that calls it, or \
                     register one instantiation at run time with atexit::register(f::<T>)";
        errors.push(match &generics.where_clause {
            Some(clause) if generics.params.is_empty() => Error::new_spanned(clause, error),
            _ => Error::new_spanned(&generics, error),
        });
    }
    parameter_errors
        .into_iter()
        .for_each(|error| errors.push(error));
    body(input)?;
    errors.finish(Function {
        ident,
        asyncness,
        returns_unit,
        output,
    })
}

/// Whether the qualifiers ahead lead to `fn`.
fn is_function(input: ParseStream) -> bool {
    let ahead = input.fork();
    let _ = ahead.parse::<Option<Token![const]>>();
    let _ = ahead.parse::<Option<Token![async]>>();
    let _ = ahead.parse::<Option<Token![unsafe]>>();
    let _ = ahead.parse::<Option<Abi>>();
    ahead.peek(Token![fn])
}

/// One parameter and the comma after it, as the error that it is there.
fn parameter(input: ParseStream) -> Result<Error> {
    if input.peek(Token![...]) {
        let dots: Token![...] = input.parse()?;
        skip_comma(input)?;
        return Ok(Error::new_spanned(
            dots,
            "an exit handler takes no arguments",
        ));
    }
    let tokens = until_comma(input)?;
    let message = if is_receiver(&tokens) {
        "a method cannot be an exit handler: register a free `fn` that calls it, or a closure with \
         atexit::register(move || value.method())"
    } else {
        "an exit handler takes no arguments; to pass arguments use atexit::register_with!(f, \
         args...) at run time"
    };
    Ok(Error::new_spanned(tokens, message))
}

/// `self`, `mut self`, `&self`, `&'a mut self`, `self: Type`.
fn is_receiver(tokens: &TokenStream) -> bool {
    let check = |input: ParseStream| -> Result<bool> {
        if input.peek(Token![&]) {
            input.parse::<Token![&]>()?;
            input.parse::<Option<syn::Lifetime>>()?;
        }
        input.parse::<Option<Token![mut]>>()?;
        let receiver = input.peek(Token![self]);
        input.parse::<TokenStream>()?;
        Ok(receiver)
    };
    check.parse2(tokens.clone()).unwrap_or(false)
}

/// The tokens of one parameter, `pattern: Type`, and the comma after it. A type's own commas are
/// inside `<...>`, which the type parser reads whole.
fn until_comma(input: ParseStream) -> Result<TokenStream> {
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        if is_type_colon(input) {
            input.parse::<Token![:]>()?.to_tokens(&mut tokens);
            input.parse::<syn::Type>()?.to_tokens(&mut tokens);
        } else {
            input.parse::<TokenTree>()?.to_tokens(&mut tokens);
        }
    }
    skip_comma(input)?;
    Ok(tokens)
}

/// A `:` alone, not one of the two of `::`.
fn is_type_colon(input: ParseStream) -> bool {
    input.peek(Token![:]) && !input.peek(Token![::])
}

fn skip_comma(input: ParseStream) -> Result<()> {
    input.parse::<Option<Token![,]>>().map(drop)
}

/// The body: a block, whose statements are left to the compiler.
fn body(input: ParseStream) -> Result<()> {
    match input.parse::<TokenTree>() {
        Ok(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => Ok(()),
        Ok(other) => Err(Error::new_spanned(
            other,
            "expected the function's body `{ ... }`",
        )),
        Err(error) => Err(Error::new(
            error.span(),
            "expected the function's body `{ ... }`",
        )),
    }
}

/// Every problem of one item, reported together.
#[derive(Default)]
struct Errors(Option<Error>);

impl Errors {
    fn push(&mut self, error: Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn finish<T>(self, value: T) -> Result<T> {
        match self.0 {
            Some(errors) => Err(errors),
            None => Ok(value),
        }
    }
}
