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
        "storage" => {
            // Zero-sized, in the registry's payload room (up to 16 bytes), and boxed.
            let small = std::hint::black_box(7u8);
            let pair = std::hint::black_box([1u64, 2]);
            let triple = std::hint::black_box([1u64, 2, 3]);
            let aligned = Aligned16(5);
            atexit::register(move || println!("u128 {}", aligned.0));
            atexit::register(move || println!("triple {}", triple.iter().sum::<u64>()));
            atexit::register(move || println!("pair {}", pair[0] + pair[1]));
            atexit::register(move || println!("small {small}"));
            atexit::register(|| println!("zero-sized"));
            let dropped = Noisy("room");
            atexit::register(move || {
                let _keep = &dropped;
            })
            .unregister();
            let dropped = Noisy("box");
            let padding = [0u64; 4];
            atexit::register(move || {
                let _keep = (&dropped, padding);
            })
            .unregister();
            let ran = Noisy("ran");
            atexit::register(move || {
                let ran = ran;
                println!("running {}", ran.0);
            });
        }
        other => panic!("unknown scenario {other:?}"),
    }
    println!("main done");
}

#[repr(align(16))]
struct Aligned16(u128);

struct Noisy(&'static str);

impl Drop for Noisy {
    fn drop(&mut self) {
        println!("dropped {}", self.0);
    }
}
