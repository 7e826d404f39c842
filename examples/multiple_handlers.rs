//! Several handlers run in the reverse order of registration: `cargo run --example multiple_handlers`.
//!
//! ```python
//! import atexit
//!
//! def func1():
//!     print("First cleanup function.")
//!
//! def func2():
//!     print("Second cleanup function.")
//!
//! atexit.register(func1)
//! atexit.register(func2)
//! print("Program is running...")
//! ```

fn func1() {
    println!("First cleanup function.");
}

fn func2() {
    println!("Second cleanup function.");
}

fn main() {
    atexit::register(func1);
    atexit::register(func2);
    println!("Program is running...");
}
