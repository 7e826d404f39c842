//! The decorator form: `cargo run --example decorator`.
//!
//! ```python
//! import atexit
//!
//! @atexit.register
//! def goodbye():
//!     print('You are now leaving the Python sector.')
//! ```

#[atexit::register]
fn goodbye() {
    println!("You are now leaving the Python sector.");
}

fn main() {}
