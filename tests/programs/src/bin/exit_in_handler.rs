//! A handler that calls `atexit::exit`: only that handler ends, and the status becomes its code.

#[atexit::register]
fn static_last() {
    println!("static_last");
}

struct Dropped;

impl Drop for Dropped {
    fn drop(&mut self) {
        println!("second's local dropped");
    }
}

fn main() {
    atexit::register(|| println!("first"));
    atexit::register(|| {
        let _local = Dropped;
        println!("second");
        // A closure that always diverges would need its return type written out.
        if std::hint::black_box(true) {
            atexit::exit(7);
        }
        println!("after exit: must not print");
    });
    atexit::register(|| println!("third"));
    println!("main");
    if std::env::args().nth(1).as_deref() == Some("process-exit") {
        std::process::exit(3);
    }
}
