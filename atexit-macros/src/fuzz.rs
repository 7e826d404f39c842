//! Property tests: the attribute's expansion never panics on any attribute arguments or item, and
//! every error it reports points at tokens of its input.

use std::panic::{self, AssertUnwindSafe};

use proc_macro2::TokenStream;
use proptest::prelude::*;

use crate::expand;

/// Tokens an attribute's arguments are made of, right and wrong.
const ARG_TOKENS: &[&str] = &[
    "priority",
    "crate",
    "=",
    "=",
    ",",
    "-",
    "0",
    "7",
    "-3",
    "2147483647",
    "2147483648",
    "99999999999999999999",
    "1.5",
    "\"text\"",
    "'c'",
    "true",
    "i32::MAX",
    "::",
    "atexit",
    "foo",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "+",
    "1u8",
    "0x10",
    "priority = 1",
    "crate = atexit",
    "timeout = \"2s\"",
    "timeout",
    "\"1.5\"",
    "#",
    "!",
    "self",
    "super",
    "<",
    ">",
    "as",
    "i64",
    "const",
    ";",
];

/// Tokens an item is made of, right and wrong.
const ITEM_TOKENS: &[&str] = &[
    "fn",
    "fn",
    "pub",
    "async",
    "unsafe",
    "extern",
    "\"C\"",
    "const",
    "static",
    "struct",
    "impl",
    "trait",
    "mod",
    "use",
    "name",
    "goodbye",
    "(",
    ")",
    "()",
    "{",
    "}",
    "{}",
    "<",
    ">",
    "T",
    "'a",
    ":",
    "::",
    ";",
    ",",
    "->",
    "Result",
    "<(), String>",
    "x",
    "u8",
    "&",
    "self",
    "mut",
    "...",
    "where",
    "Send",
    "=",
    "1",
    "#[inline]",
    "#",
    "[",
    "]",
    "!",
    "?",
    "impl Trait",
    "dyn",
    "println!(\"bye\")",
    "return",
    "loop",
    "break",
    "_",
    "..",
];

/// Items that are nearly right: each differs from a valid handler in one way.
const ITEMS: &[&str] = &[
    "fn goodbye() {}",
    "pub fn goodbye() -> Result<(), String> { Ok(()) }",
    "fn greet(name: &str) {}",
    "fn generic<T>() {}",
    "fn lifetime<'a>() {}",
    "async fn later() {}",
    "unsafe fn raw() {}",
    "extern \"C\" fn c() {}",
    "unsafe extern \"C\" fn variadic(x: i32, ...) {}",
    "fn method(&self) {}",
    "fn where_clause() where u8: Copy {}",
    "const fn konst() {}",
    "struct NotAFunction;",
    "static X: u8 = 0;",
    "impl Foo { fn f() {} }",
    "mod m {}",
    "fn f() -> impl Sized {}",
    "#[inline] fn attributed() {}",
    "pub(crate) fn restricted() {}",
];

fn tokens(text: &str) -> Option<TokenStream> {
    text.parse().ok()
}

/// Runs the attribute on `args` and `item` (as source text), checking the properties.
fn holds(args: &str, item: &str) -> Result<(), TestCaseError> {
    // Text that does not lex (unbalanced delimiters) never reaches a macro, nor does an attribute
    // without an item.
    let (Some(args_tokens), Some(item_tokens)) = (tokens(args), tokens(item)) else {
        return Ok(());
    };
    if item_tokens.is_empty() {
        return Ok(());
    }
    let expanded = panic::catch_unwind(AssertUnwindSafe(|| {
        expand::register(args_tokens.clone(), item_tokens.clone())
    }));
    prop_assert!(
        expanded.is_ok(),
        "the macro panicked on #[register({})] {}",
        args,
        item
    );
    let expanded = expanded.unwrap().to_string();
    match expand::check(args_tokens, item_tokens) {
        Ok(_) => {
            // The one `compile_error!` of a valid expansion is the WebAssembly guard.
            prop_assert!(
                expanded.matches("compile_error").count() == 1
                    && expanded.contains(expand::WASM_UNSUPPORTED),
                "{}",
                expanded
            );
            prop_assert!(
                syn::parse_str::<syn::File>(&expanded).is_ok(),
                "not valid items: {}",
                expanded
            );
        }
        Err(errors) => {
            prop_assert!(expanded.contains("compile_error"), "{}", expanded);
            for error in errors {
                let message = error.to_string();
                prop_assert!(!message.is_empty());
                // The span is on tokens of the input: its text is part of the arguments or item.
                let text = error.span().source_text();
                prop_assert!(
                    text.as_deref()
                        .is_some_and(|t| !t.is_empty() && (args.contains(t) || item.contains(t))),
                    "error {:?} on #[register({})] {} points at {:?}",
                    message,
                    args,
                    item,
                    text
                );
            }
        }
    }
    Ok(())
}

fn soup(vocabulary: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vocabulary), 0..max).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_arguments_on_nearly_right_items(
        args in soup(ARG_TOKENS, 8),
        item in prop::sample::select(ITEMS),
    ) {
        holds(&args, item)?;
    }

    #[test]
    fn random_items_with_random_arguments(
        args in soup(ARG_TOKENS, 5),
        item in soup(ITEM_TOKENS, 14),
    ) {
        holds(&args, &item)?;
    }

    #[test]
    fn valid_priorities_expand(priority in any::<i32>(), item in prop::sample::select(&ITEMS[..2])) {
        holds(&format!("priority = {priority}"), item)?;
        let args: TokenStream = format!("priority = {priority}").parse().unwrap();
        prop_assert!(expand::check(args, item.parse().unwrap()).is_ok());
    }
}
