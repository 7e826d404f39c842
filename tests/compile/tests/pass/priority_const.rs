// `priority` takes any constant `i32` expression; a handler may return `Result<(), E: Display>`.
const LATE: i32 = -10;

#[atexit::register(priority = LATE)]
fn flush() -> Result<(), std::io::Error> {
    Ok(())
}

#[atexit::register(priority = LATE + 1)]
fn nested() {
    #[atexit::register]
    fn inner() {}
}

fn main() {
    assert_eq!(atexit::ncallbacks(), 3);
    assert_eq!(atexit::unregister(flush), 1);
    // The function is still an ordinary function.
    flush().unwrap();
    nested();
}
