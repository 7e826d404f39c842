fn greet(name: &str, greeting: &str) {
    println!("{greeting}, {name}!");
}

fn main() {
    atexit::register_with!(greet, "Alice");
}
