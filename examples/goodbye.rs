//! Registering a function: `cargo run --example goodbye`.
//!
//! ```python
//! import atexit
//!
//! def goodbye():
//!     print("Program is exiting... Goodbye!")
//!
//! atexit.register(goodbye)
//! print("Hello, World!")
//! ```

fn goodbye() {
    println!("Program is exiting... Goodbye!");
}

fn main() {
    atexit::register(goodbye);
    println!("Hello, World!");
}
