//! Depends on `atexit_test_dep` (through Cargo.toml) but never names it, so it is not linked.

#[atexit::register]
fn own() {
    println!("own");
}

fn main() {
    println!("handlers: {}", atexit::ncallbacks());
}
