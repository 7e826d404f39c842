//! Registering an anonymous function (Python's `lambda`): `cargo run --example closure`.
//!
//! ```python
//! import atexit
//!
//! atexit.register(lambda: print("Lambda function executed!"))
//! print("Program is running...")
//! ```

fn main() {
    atexit::register(|| println!("Lambda function executed!"));
    println!("Program is running...");
}
