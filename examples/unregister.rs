//! Removing a handler: `cargo run --example unregister`.
//!
//! ```python
//! import atexit
//!
//! def cleanup():
//!     print("Cleaning up.")
//!
//! def goodbye(name):
//!     print(f"Goodbye, {name}!")
//!
//! atexit.register(cleanup)
//! atexit.register(goodbye, "Alice")
//! atexit.register(goodbye, "Bob")
//! atexit.unregister(goodbye)  # every registration of goodbye, whatever its arguments
//! print("Program is running...")
//! ```

fn cleanup() {
    println!("Cleaning up.");
}

fn goodbye(name: &str) {
    println!("Goodbye, {name}!");
}

fn main() {
    atexit::register(cleanup);
    atexit::register_with!(goodbye, "Alice");
    atexit::register_with!(goodbye, "Bob");
    atexit::unregister(goodbye);
    println!("Program is running...");
}
