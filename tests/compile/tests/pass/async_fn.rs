// An `async fn` handler, with and without its own limit, returning `()` or a `Result`.
#[atexit::register]
async fn flush() {}

#[atexit::register(timeout = "1.5", priority = -1)]
async fn send_last_metrics() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {
    flush_is_still_callable();
}

fn flush_is_still_callable() {
    let _future = flush();
    let _other = send_last_metrics();
    assert_eq!(atexit::unregister(flush), 1);
}
