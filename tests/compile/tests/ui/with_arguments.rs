#[atexit::register]
fn greet(name: &str) {
    println!("Goodbye, {name}!");
}

fn main() {}
