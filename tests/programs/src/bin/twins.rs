//! `unregister` tells apart two functions with identical bodies, which an optimised build merges.
use atexit_test_dep::{twin_a, twin_b};

fn main() {
    let a: fn() = twin_a;
    let b: fn() = twin_b;
    println!("same address: {}", std::ptr::fn_addr_eq(a, b));
    atexit::register(twin_a);
    atexit::register(twin_b);
    atexit::register_with!(twin_a);
    println!("unregistered: {}", atexit::unregister(twin_a));
    println!("left: {}", atexit::ncallbacks());
}
