//! The C runtime's other exit hooks around the runtime's, when a handler changes the exit status
//! with `atexit::exit`.
//!
//! One hook is registered before the runtime's (by a constructor that runs before every
//! default-priority one, as C libraries, C++ static destructors, the coverage profile writer and
//! LeakSanitizer register theirs), one from `main` (after it). Arguments: how `main` ends (`return`
//! `exit-5`, `atexit::exit(5)` from `main`, or `run-exitfuncs`) and the status a handler asks for (`3`, or `none`).

use std::io::Write;

fn say(line: &str) {
    let _ = std::io::stdout().flush();
    let line = format!("{line}\n");
    // Straight to the descriptor, so that the line's place does not depend on any buffer.
    // SAFETY: `line` is valid for reading its length in bytes.
    unsafe { libc::write(1, line.as_ptr().cast(), line.len() as _) };
}

extern "C" fn registered_before() {
    say("C hook registered before the runtime's");
}

extern "C" fn registered_after() {
    say("C hook registered in main");
}

extern "C" fn register_before() {
    // SAFETY: `registered_before` is an `extern "C" fn()` that never unwinds.
    unsafe { libc::atexit(registered_before) };
}

// The constructors that run before the default-priority ones, the runtime's among them.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
#[used]
#[link_section = ".init_array.00099"]
static BEFORE: extern "C" fn() = register_before;

#[cfg(windows)]
#[used]
#[link_section = ".CRT$XCT"]
static BEFORE: extern "C" fn() = register_before;

fn main() {
    let mut args = std::env::args().skip(1);
    let end = args.next().unwrap_or_default();
    let requested: Option<i32> = args.next().and_then(|a| a.parse().ok());
    // SAFETY: `registered_after` is an `extern "C" fn()` that never unwinds.
    unsafe { libc::atexit(registered_after) };
    atexit::register(|| say("the oldest handler ran"));
    atexit::register(move || {
        if let Some(code) = requested {
            say(&format!("a handler asks for status {code}"));
            atexit::exit(code);
        }
    });
    match end.as_str() {
        "return" => {}
        // Not `std::process::exit`, which on Windows skips the C runtime's exit table.
        "exit-5" => atexit::exit(5),
        // The handlers run now; one that asks for a status ends the process with it.
        "run-exitfuncs" => {
            atexit::run_exitfuncs();
            say("run_exitfuncs returned");
        }
        other => {
            eprintln!("unknown end {other:?}: expected return, exit-5 or run-exitfuncs");
            std::process::exit(2);
        }
    }
}
