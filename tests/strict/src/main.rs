//! Every form of `#[atexit::register]` and of the registration macros, in a crate that forbids
//! `unsafe` and denies missing docs and clippy's pedantic lints: the expansions must add nothing
//! to fix. CI runs `cargo clippy -p atexit-strict -- -D warnings`; the test runs the program.

#![forbid(unsafe_code)]
#![deny(missing_docs, clippy::pedantic)]

use std::fmt;
use std::time::Duration;

/// An error of this crate's own, reported with its `Display`.
#[derive(Debug)]
pub struct FlushError;

impl fmt::Display for FlushError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("flush failed")
    }
}

/// A plain handler.
#[atexit::register]
fn goodbye() {
    println!("goodbye");
}

/// A handler with a priority, returning `Result`.
#[atexit::register(priority = -10)]
fn close_log() -> Result<(), FlushError> {
    println!("close_log");
    if std::env::var_os("STRICT_FAIL").is_some() {
        return Err(FlushError);
    }
    Ok(())
}

/// A public handler.
#[atexit::register(priority = 5)]
pub fn save_state() {
    println!("save_state");
}

/// An async handler with a limit of its own.
#[atexit::register(timeout = "2s")]
async fn flush_exporter() -> Result<(), FlushError> {
    println!("flush_exporter");
    Ok(())
}

/// The crate named explicitly, as a renamed dependency would.
#[atexit::register(crate = atexit)]
fn named_crate() {
    println!("named_crate");
}

fn greet(name: &str, times: u32) {
    println!("greet {name} {times}");
}

async fn send(peer: String) -> Result<(), FlushError> {
    println!("send {peer}");
    Ok(())
}

fn unused() {}

fn main() {
    atexit::register(|| println!("closure"));
    atexit::register(|| -> Result<(), FlushError> { Err(FlushError) });
    atexit::register_with!(greet, "Alice", 2);
    atexit::register_async(async { println!("async block") }).timeout(Duration::from_secs(1));
    atexit::register_async_with!(send, "peer".to_owned());
    atexit::register(unused);
    assert_eq!(atexit::unregister(unused), 1);
    let registration = atexit::register(|| println!("removed"));
    assert!(registration.unregister());
    for handler in atexit::handlers() {
        eprintln!("{handler}");
    }
}
