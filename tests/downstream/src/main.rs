//! Everything a program may use of `atexit`, type-checked for each supported target.

use std::time::Duration;

#[cfg_attr(feature = "statics", atexit::register)]
fn goodbye() {
    println!("goodbye");
}

#[cfg_attr(feature = "statics", atexit::register(priority = -1))]
fn save() -> Result<(), std::io::Error> {
    Ok(())
}

fn greet(name: &str) {
    println!("Goodbye, {name}!");
}

fn main() {
    atexit::set_timeout(Duration::from_secs(5));
    atexit::register(|| println!("flushing")).this_process_only();
    let registration = atexit::register_with!(greet, "Alice");
    println!("{} handlers", atexit::ncallbacks());
    for handler in atexit::handlers() {
        println!("{handler}");
    }
    #[cfg(feature = "signals")]
    atexit::handle_signals(&atexit::Signal::ALL).expect("signals handled");
    let _ = atexit::unregister(goodbye);
    if !cfg!(feature = "statics") {
        atexit::register(save);
    }
    let _ = registration.unregister();
    atexit::run_exitfuncs();
    atexit::exit(0);
}
