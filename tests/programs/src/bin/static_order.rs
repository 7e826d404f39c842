//! Static handlers of two crates, with priorities, beside one run-time handler.
use atexit_test_dep as _;

#[atexit::register]
fn a() {
    println!("a");
}

#[atexit::register(priority = 5)]
fn high() {
    println!("high");
}

#[atexit::register]
fn b() -> Result<(), String> {
    println!("b");
    Ok(())
}

#[atexit::register(priority = -5)]
fn low() {
    println!("low");
}

mod nested {
    #[atexit::register]
    fn c() {
        println!("c");
    }
}

fn main() {
    atexit::register(|| println!("dynamic"));
    println!("main");
}
