use syn::spanned::Spanned;
use syn::{Error, FnArg, Item, ItemFn, Result};

/// Checks that the item can be a static exit handler: a free, non-generic, synchronous, safe `fn()`.
pub(crate) fn handler(item: Item) -> Result<ItemFn> {
    let function = match item {
        Item::Fn(function) => function,
        other => return Err(Error::new_spanned(
            other,
            "#[atexit::register] goes on a function `fn name()`; to register a closure or a value \
                 at run time, use atexit::register(...)",
        )),
    };
    let sig = &function.sig;
    let mut errors: Vec<Error> = Vec::new();
    if let Some(asyncness) = &sig.asyncness {
        errors.push(Error::new_spanned(
            asyncness,
            "an exit handler cannot be `async`: handlers run synchronously at exit; make it a plain \
             `fn` and block on the work inside it",
        ));
    }
    if let Some(unsafety) = &sig.unsafety {
        errors.push(Error::new_spanned(
            unsafety,
            "an `unsafe fn` cannot be an exit handler: register a safe `fn` that makes the unsafe call",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        let span = match &sig.generics.where_clause {
            Some(clause) if sig.generics.params.is_empty() => clause.span(),
            _ => sig.generics.span(),
        };
        errors.push(Error::new(
            span,
            "an exit handler cannot be generic: write a non-generic `fn` that calls it, or register \
             one instantiation at run time with atexit::register(f::<T>)",
        ));
    }
    for input in &sig.inputs {
        errors.push(match input {
            FnArg::Receiver(receiver) => Error::new_spanned(
                receiver,
                "a method cannot be an exit handler: register a free `fn` that calls it, or a closure \
                 with atexit::register(move || value.method())",
            ),
            FnArg::Typed(arg) => Error::new_spanned(
                arg,
                "an exit handler takes no arguments; to pass arguments use \
                 atexit::register_with!(f, args...) at run time",
            ),
        });
    }
    if let Some(variadic) = &sig.variadic {
        errors.push(Error::new_spanned(
            variadic,
            "an exit handler takes no arguments",
        ));
    }
    let mut errors = errors.into_iter();
    match errors.next() {
        None => Ok(function),
        Some(mut first) => {
            errors.for_each(|error| first.combine(error));
            Err(first)
        }
    }
}
