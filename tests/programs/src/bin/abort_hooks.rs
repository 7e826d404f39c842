//! A panic hook of the program's own beside the runtime's, for builds with `panic = "abort"`:
//! `abort_hooks <hook> <panic>`.
//!
//! `<hook>`: `chain-before` (a hook that calls the one it replaced, installed before the first
//! registration), `chain-after` (the same, installed after it), `replace` (a hook that does not call
//! the one it replaced, installed after it). `<panic>`: `main` (`main` panics), `handler` (the
//! handler `p` panics; `main` returns).
//!
//! Handlers, in registration order: `a`, `p`, `z`; each writes `handler <name>` to stderr, after the
//! panic's own lines, which are on stderr too.

use std::panic;

fn user_hook(chain: bool) {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("?");
        eprintln!("user hook: {message}");
        if chain {
            previous(info);
        }
    }));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (hook, panic_in) = (args[0].as_str(), args[1].as_str());
    if hook == "chain-before" {
        user_hook(true);
    }
    atexit::register(|| eprintln!("handler a"));
    let handler_panics = panic_in == "handler";
    atexit::register(move || {
        eprintln!("handler p");
        if handler_panics {
            panic!("p failed");
        }
    });
    atexit::register(|| eprintln!("handler z"));
    match hook {
        "chain-before" => {}
        "chain-after" => user_hook(true),
        "replace" => user_hook(false),
        other => panic!("unknown hook {other}"),
    }
    if panic_in == "main" {
        panic!("main panicked");
    }
}
