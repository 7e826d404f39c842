fn main() {
    let path = String::from("app.pid");
    atexit::unregister(move || drop(path.clone()));
}
