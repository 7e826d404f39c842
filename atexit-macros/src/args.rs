use proc_macro2::{Ident, Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::token::Paren;
use syn::{Error, Expr, Lit, LitStr, MacroDelimiter, MetaList, Path, Result, Token};

/// The options of `#[atexit::register(priority = N, timeout = "2s", crate = path)]`.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) priority: Option<Expr>,
    pub(crate) krate: Option<Path>,
    /// An async handler's own limit: the literal as written, and its value in nanoseconds.
    pub(crate) timeout: Option<(LitStr, u64)>,
}

const EXPECTED: &str =
    "expected `priority = <i32>`, `timeout = \"<duration>\"` (async handlers) or `crate = <path>`";

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
            once(
                &meta,
                args.priority.is_some(),
                "priority = <i32>",
                |input| input.parse::<Expr>(),
            )
            .and_then(|value| check_priority(&value).map(|()| args.priority = Some(value)))
        } else if meta.path.is_ident("timeout") {
            once(&meta, args.timeout.is_some(), "timeout = \"2s\"", |input| {
                input.parse::<Expr>()
            })
            .and_then(|value| timeout(&value).map(|timeout| args.timeout = Some(timeout)))
        } else if meta.path.is_ident("crate") {
            once(
                &meta,
                args.krate.is_some(),
                "crate = <path>",
                Path::parse_mod_style,
            )
            .map(|path| args.krate = Some(path))
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

/// The value of an option written `name = value`, read by `read`; an error if the value is missing
/// (`usage` shows how to write it) or if the option was `given` already (the value is read all the
/// same, so that the options after it are read).
fn once<T>(
    meta: &ParseNestedMeta,
    given: bool,
    usage: &str,
    read: impl FnOnce(syn::parse::ParseStream) -> Result<T>,
) -> Result<T> {
    let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(format_args!("`{name}` needs a value: `{usage}`")));
    }
    let value = read(meta.value()?)?;
    if given {
        return Err(meta.error(format_args!("duplicate `{name}` option")));
    }
    Ok(value)
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

const DURATION: &str = "duration such as \"2s\", \"500ms\", \"1.5\" (seconds) or \"1m\"";

/// `timeout = "2s"`: a string literal that is a positive duration.
fn timeout(value: &Expr) -> Result<(LitStr, u64)> {
    let Expr::Lit(syn::ExprLit {
        lit: Lit::Str(text),
        ..
    }) = value
    else {
        return Err(Error::new_spanned(
            value,
            format!("`timeout` is a string literal: a {DURATION}"),
        ));
    };
    match nanos(&text.value()) {
        Some(nanos) => Ok((text.clone(), nanos)),
        None => Err(Error::new_spanned(
            text,
            format!("`timeout` must be a positive {DURATION}"),
        )),
    }
}

/// `2s`, `500ms`, `1.5` (seconds), `1m`, `100us`, as a positive number of nanoseconds: the units
/// `ATEXIT_TIMEOUT` takes.
fn nanos(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let per_unit = match unit.trim() {
        "" | "s" => 1e9,
        "ms" => 1e6,
        "us" | "µs" => 1e3,
        "m" | "min" => 60e9,
        _ => return None,
    };
    let nanos = (number * per_unit).round();
    // Positive and within `u64` (about 584 years).
    (1.0..1.8e19).contains(&nanos).then_some(nanos as u64)
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

#[cfg(test)]
mod tests {
    use super::nanos;

    #[test]
    fn timeouts_read_as_atexit_timeout_does() {
        assert_eq!(nanos("2s"), Some(2_000_000_000));
        assert_eq!(nanos("2"), Some(2_000_000_000));
        assert_eq!(nanos(" 1.5 "), Some(1_500_000_000));
        assert_eq!(nanos("500ms"), Some(500_000_000));
        assert_eq!(nanos("250us"), Some(250_000));
        assert_eq!(nanos("1m"), Some(60_000_000_000));
        assert_eq!(nanos("0"), None);
        assert_eq!(nanos("off"), None);
        assert_eq!(nanos("2h"), None);
        assert_eq!(nanos(""), None);
        assert_eq!(nanos("1e999"), None);
        assert_eq!(nanos("999999999999"), None);
    }
}
