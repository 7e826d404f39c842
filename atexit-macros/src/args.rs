use proc_macro2::{Ident, Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::token::Paren;
use syn::{Error, Expr, Lit, MacroDelimiter, MetaList, Path, Result, Token};

/// The options of `#[atexit::register(priority = N, crate = path)]`.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) priority: Option<Expr>,
    pub(crate) krate: Option<Path>,
}

const EXPECTED: &str = "expected `priority = <i32>` or `crate = <path>`";

pub(crate) fn parse(tokens: TokenStream) -> Result<Args> {
    let mut args = Args::default();
    let mut errors: Option<Error> = None;
    // Parsed as the list of a `MetaList` whose parentheses are at the last token: `syn` reports a
    // value missing at the end there, not at the macro's call site, which is outside the input.
    let end = tokens
        .clone()
        .into_iter()
        .last()
        .map_or_else(Span::call_site, |token| token.span());
    let list = MetaList {
        path: Ident::new("register", end).into(),
        delimiter: MacroDelimiter::Paren(Paren(end)),
        tokens,
    };
    list.parse_nested_meta(|meta| {
        let result = if meta.path.is_ident("priority") {
            if !meta.input.peek(Token![=]) {
                Err(meta.error("`priority` needs a value: `priority = <i32>`"))
            } else if args.priority.is_some() {
                let _: Expr = meta.value()?.parse()?;
                Err(meta.error("duplicate `priority` option"))
            } else {
                let value: Expr = meta.value()?.parse()?;
                check_priority(&value).map(|()| args.priority = Some(value))
            }
        } else if meta.path.is_ident("crate") {
            if !meta.input.peek(Token![=]) {
                Err(meta.error("`crate` needs a value: `crate = <path>`"))
            } else if args.krate.is_some() {
                let _ = meta.value()?.call(Path::parse_mod_style)?;
                Err(meta.error("duplicate `crate` option"))
            } else {
                let path = meta.value()?.call(Path::parse_mod_style)?;
                args.krate = Some(path);
                Ok(())
            }
        } else {
            let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
            let error = meta.error(format_args!(
                "unknown option `{}`; {}",
                name.replace(' ', ""),
                EXPECTED
            ));
            skip_value(&meta)?;
            Err(error)
        };
        // Keep going after a bad value so that every bad option is reported at once.
        if let Err(error) = result {
            match &mut errors {
                Some(errors) => errors.combine(error),
                None => errors = Some(error),
            }
        }
        Ok(())
    })?;
    match errors {
        Some(errors) => Err(errors),
        None => Ok(args),
    }
}

/// A literal priority must be an integer; any other expression is left for the type checker (`i32`).
fn check_priority(value: &Expr) -> Result<()> {
    let lit = match value {
        Expr::Lit(lit) => &lit.lit,
        Expr::Unary(unary) => match &*unary.expr {
            Expr::Lit(lit) => &lit.lit,
            _ => return Ok(()),
        },
        _ => return Ok(()),
    };
    match lit {
        Lit::Int(int) => match int.suffix() {
            "" | "i32" => Ok(()),
            _ => Err(Error::new_spanned(
                int,
                "priority is an `i32`: drop the suffix",
            )),
        },
        other => Err(Error::new_spanned(
            other,
            "priority must be an integer (`i32`), e.g. `priority = -10`",
        )),
    }
}

/// Steps over an unknown option's value, `= expr` or `(...)`, so that the options after it are read.
fn skip_value(meta: &ParseNestedMeta) -> Result<()> {
    if meta.input.peek(Token![=]) {
        let _: Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|_| Ok(()))?;
    }
    Ok(())
}
