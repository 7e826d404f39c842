//! Handlers that panic or return `Err` among handlers that succeed.

#[atexit::register]
fn static_err() -> Result<(), std::io::Error> {
    println!("static_err");
    Err(std::io::Error::other("disk full"))
}

#[atexit::register]
fn static_panic() {
    println!("static_panic");
    panic!("static boom");
}

fn first() {
    println!("first");
}

fn failing_result() -> Result<(), String> {
    println!("failing_result");
    Err("bad state".to_string())
}

fn main() {
    atexit::register(first);
    atexit::register(failing_result);
    atexit::register(|| -> Result<(), &'static str> {
        println!("ok_result");
        Ok(())
    });
    atexit::register(|| {
        println!("panicking");
        let value = std::hint::black_box(42);
        if value == 42 {
            panic!("dynamic boom {value}");
        }
    });
    atexit::register(|| println!("last"));
    let exit = std::env::args().nth(1);
    println!("main");
    match exit.as_deref() {
        Some("process-exit") => std::process::exit(9),
        Some("atexit-exit") => atexit::exit(9),
        _ => {}
    }
}
