//! Python's module functions, one scenario per argument.

#[atexit::register]
fn static_handler() {
    println!("static_handler");
}

fn say(word: &str) {
    println!("{word}");
}

fn greet(name: String, times: u32) {
    println!("goodbye {name} x{times}");
}

fn main() {
    let scenario = std::env::args().nth(1).unwrap_or_default();
    match scenario.as_str() {
        "ncallbacks" => {
            println!("start {}", atexit::ncallbacks());
            let r = atexit::register(|| say("a"));
            atexit::register(|| say("b"));
            println!("after two {}", atexit::ncallbacks());
            r.unregister();
            println!("after unregister {}", atexit::ncallbacks());
        }
        "run-exitfuncs" => {
            atexit::register(|| say("a"));
            atexit::register(|| say("b"));
            atexit::run_exitfuncs();
            println!("after run {}", atexit::ncallbacks());
            atexit::register(|| say("c"));
        }
        "clear" => {
            atexit::register(|| say("a"));
            atexit::clear();
            println!("after clear {}", atexit::ncallbacks());
        }
        "register-with" => {
            let mut name = String::from("Alice");
            atexit::register_with!(greet, name.clone(), 2);
            name.push_str(" changed");
            atexit::register_with!(greet, name, 1);
            atexit::register_with!(say, "after greet");
        }
        "unregister" => {
            atexit::register_with!(greet, "Alice".to_string(), 1);
            atexit::register_with!(greet, "Bob".to_string(), 2);
            atexit::register(|| say("kept"));
            println!("removed greet {}", atexit::unregister(greet));
            println!("removed static {}", atexit::unregister(static_handler));
            println!("removed again {}", atexit::unregister(greet));
        }
        "same-twice" => {
            atexit::register(static_handler);
            atexit::register(static_handler);
        }
        "registration" => {
            let r = atexit::register(|| say("removed"));
            let kept = atexit::register(|| say("kept"));
            println!("sequences increase {}", kept.sequence() > r.sequence());
            println!("first unregister {}", r.unregister());
        }
        other => panic!("unknown scenario {other:?}"),
    }
    println!("main done");
}
