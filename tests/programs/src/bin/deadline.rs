//! Handlers under a deadline. The first argument is how long `hang` sleeps, in milliseconds; the
//! second, if any, the deadline `set_timeout` sets, in milliseconds. Every handler prints how many
//! threads the process has, so the test sees the watching thread come and go.

use std::time::Duration;

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, |tasks| tasks.count())
}

#[atexit::register]
fn never_reached() {
    println!("never_reached threads={}", threads());
}

fn hang() {
    let millis: u64 = std::env::args().nth(1).unwrap().parse().unwrap();
    println!("hang threads={}", threads());
    std::thread::sleep(Duration::from_millis(millis));
    println!("hang done");
}

fn main() {
    if let Some(millis) = std::env::args().nth(2) {
        atexit::set_timeout(Duration::from_millis(millis.parse().unwrap()));
    }
    atexit::register(hang);
    atexit::register(|| println!("quick threads={}", threads()));
    println!("main threads={}", threads());
}
