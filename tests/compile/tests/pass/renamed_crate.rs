// A user who renamed the dependency names it with `crate = ...`.
use atexit as cleanup;

#[cleanup::register(crate = cleanup)]
fn flush() {}

fn main() {
    assert_eq!(cleanup::ncallbacks(), 1);
}
