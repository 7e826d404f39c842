fn func1() {
    println!("func1");
}
fn func2() {
    println!("func2");
}
fn main() {
    atexit::register(func1);
    atexit::register(func2);
    println!("main");
}
