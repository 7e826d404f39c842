//! Handlers that register and unregister other handlers while the handlers run.
use std::sync::Mutex;

static LATER: Mutex<Option<atexit::Registration>> = Mutex::new(None);

#[atexit::register]
fn static_victim() {
    println!("static_victim must not run");
}

#[atexit::register]
fn static_registers() {
    println!("static_registers");
    atexit::register(|| println!("registered by a static handler"));
}

fn main() {
    atexit::register(|| println!("oldest"));
    let victim = atexit::register(|| println!("victim must not run"));
    *LATER.lock().unwrap() = Some(victim);
    atexit::register(|| {
        println!("newest");
        atexit::register(|| {
            println!("registered during shutdown");
            atexit::register(|| println!("registered by that one"));
        });
        let victim = LATER.lock().unwrap().take().unwrap();
        println!("unregistered victim: {}", victim.unregister());
        println!(
            "unregistered static_victim: {}",
            atexit::unregister(static_victim)
        );
        println!("ncallbacks in handler: {}", atexit::ncallbacks());
    });
    println!("main");
}
