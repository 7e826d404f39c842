//! Every misuse of `#[atexit::register]` is a compile error that names the tokens and the fix.
//!
//! `tests/ui` holds errors worded by this crate alone, checked on every compiler. `tests/ui-rustc`
//! holds errors that include the compiler's own wording, which changes between Rust versions: they
//! are checked on the compiler their snapshots were written with.

use std::process::Command;

/// The compiler `tests/ui-rustc`'s snapshots were written with.
const SNAPSHOTS_RUSTC: &str = "rustc 1.95.";

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/pass/*.rs");
    if rustc_version().starts_with(SNAPSHOTS_RUSTC) {
        t.compile_fail("tests/ui-rustc/*.rs");
    } else {
        eprintln!("tests/ui-rustc skipped: its snapshots are {SNAPSHOTS_RUSTC}x's wording");
    }
}

/// `rustc -V` of the compiler Cargo uses (`RUSTC`, or the one on `PATH`).
fn rustc_version() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(rustc)
        .arg("-V")
        .output()
        .expect("cannot run rustc");
    String::from_utf8(output.stdout).expect("rustc -V prints UTF-8")
}
