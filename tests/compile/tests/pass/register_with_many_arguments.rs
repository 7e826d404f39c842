// Any number of arguments: the call is written out, no trait stands for it.
use std::sync::atomic::{AtomicU32, Ordering};

static SUM: AtomicU32 = AtomicU32::new(0);

#[allow(clippy::too_many_arguments)]
fn add(a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32, k: u32, l: u32, m: u32, n: &str) {
    SUM.store(a + b + c + d + e + f + g + h + i + j + k + l + m + n.len() as u32, Ordering::SeqCst);
}

fn main() {
    atexit::register_with!(add, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "four");
    atexit::run_exitfuncs();
    assert_eq!(SUM.load(Ordering::SeqCst), 95);
    // Arguments are evaluated in order, after the function.
    let order = std::cell::RefCell::new(Vec::new());
    let noted = |n: u32| {
        order.borrow_mut().push(n);
        n
    };
    atexit::register_with!({ noted(0); |_: u32, _: u32| () }, noted(1), noted(2));
    assert_eq!(*order.borrow(), [0, 1, 2]);
    atexit::clear();
}
