//! Static handlers in a library crate, for the cross-crate order and identity tests.

#[atexit::register]
fn dep_first() {
    println!("dep_first");
}

#[atexit::register]
fn dep_second() {
    println!("dep_second");
}

#[atexit::register(priority = -1)]
fn dep_low_priority() {
    println!("dep_low_priority");
}

/// Two functions with identical bodies: an optimised build may give them one address.
pub fn twin_a() {
    println!("twin");
}

/// See [`twin_a`].
pub fn twin_b() {
    println!("twin");
}
