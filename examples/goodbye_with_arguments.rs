//! Positional arguments, from the Python documentation: `cargo run --example goodbye_with_arguments`.
//!
//! ```python
//! def goodbye(name, adjective):
//!     print('Goodbye %s, it was %s to meet you.' % (name, adjective))
//!
//! import atexit
//!
//! atexit.register(goodbye, 'Donny', 'nice')
//! ```
//!
//! Rust has no keyword arguments, so Python's `register(goodbye, adjective='nice', name='Donny')`
//! has no counterpart: the arguments are given in order.

fn goodbye(name: &str, adjective: &str) {
    println!("Goodbye {name}, it was {adjective} to meet you.");
}

fn main() {
    atexit::register_with!(goodbye, "Donny", "nice");
}
