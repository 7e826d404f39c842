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

#[cfg_attr(feature = "statics", atexit::register(timeout = "2s"))]
async fn flush() -> Result<(), std::io::Error> {
    Ok(())
}

async fn send(peer: String, attempts: u32) {
    println!("{attempts} attempts to say goodbye to {peer}");
}

fn main() {
    atexit::set_timeout(Duration::from_secs(5));
    atexit::register(|| println!("flushing")).this_process_only();
    let registration = atexit::register_with!(greet, "Alice");
    atexit::register_async(async { println!("async goodbye") }).timeout(Duration::from_secs(1));
    atexit::register_async_with!(send, "peer".to_owned(), 3);
    atexit::register(|| println!("{:?} left", atexit::remaining()));
    println!("{} handlers", atexit::ncallbacks());
    for handler in atexit::handlers() {
        println!("{handler}");
    }
    #[cfg(feature = "signals")]
    {
        atexit::handle_signals(&atexit::Signal::ALL).expect("signals handled");
        atexit::handle_signals_even_if_ignored(&[atexit::Signal::Interrupt])
            .expect("signals handled");
        #[cfg(unix)]
        println!("SIGHUP ignored: {}", atexit::Signal::Hangup.is_ignored());
    }
    let _ = atexit::unregister(goodbye);
    if !cfg!(feature = "statics") {
        atexit::register(save);
        atexit::register_async(flush());
    }
    let _ = registration.unregister();
    atexit::run_exitfuncs();
    atexit::exit(0);
}
