//! Prints `atexit::handlers()`, then exits; each handler prints its own name when it runs, so the
//! test can check that the listed order is the order they run in.

fn greet(name: &str) {
    println!("run greet {name}");
}

fn flush() {
    println!("run flush");
}

#[atexit::register(priority = -3)]
fn close_log() {
    println!("run close_log");
}

#[atexit::register]
fn save_state() {
    println!("run save_state");
}

#[atexit::register(priority = 2)]
fn stop_workers() {
    println!("run stop_workers");
}

fn main() {
    atexit::register(flush);
    atexit::register_with!(greet, "Ada");
    let removed = atexit::register(|| println!("run removed"));
    atexit::register(|| println!("run closure")).this_process_only();
    removed.unregister();
    for handler in atexit::handlers() {
        println!("{handler}");
    }
    println!("main");
}
