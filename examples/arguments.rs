//! Passing arguments to a handler: `cargo run --example arguments`.
//!
//! ```python
//! import atexit
//!
//! def greet(name):
//!     print(f"Goodbye, {name}!")
//!
//! atexit.register(greet, "Alice")
//! print("Program is running...")
//! ```

fn greet(name: &str) {
    println!("Goodbye, {name}!");
}

fn main() {
    atexit::register_with!(greet, "Alice");
    println!("Program is running...");
}
