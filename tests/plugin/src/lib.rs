//! A library that registers exit handlers of every kind, for a host that loads and unloads it
//! (`tests/programs/src/bin/plugin_host.rs`). Its handlers must run once, when it is unloaded.

use std::ffi::c_int;

#[atexit::register]
fn plugin_static() {
    println!("plugin static");
}

fn greet(name: &str, times: u32) {
    println!("plugin register_with {name} {times}");
}

/// Registers the library's run-time handlers; with `this_process_only` not 0, one marked so.
#[no_mangle]
pub extern "C" fn atexit_test_plugin_start(this_process_only: c_int) {
    atexit::register(|| println!("plugin dynamic"));
    atexit::register_with!(greet, "host", 2);
    if this_process_only != 0 {
        atexit::register(|| println!("plugin this process only")).this_process_only();
    }
    println!("plugin started, {} handlers", atexit::ncallbacks());
}
