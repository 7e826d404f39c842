//! A module that keeps a counter in a file and saves it at exit, without the program calling it:
//! the Python documentation's example. `cargo run --example counter -- [N]` adds N (default 1) to
//! the number in `counterfile` (or the file named by `COUNTER_FILE`).
//!
//! ```python
//! try:
//!     with open('counterfile') as infile:
//!         _count = int(infile.read())
//! except FileNotFoundError:
//!     _count = 0
//!
//! def incrcounter(n):
//!     global _count
//!     _count = _count + n
//!
//! def savecounter():
//!     with open('counterfile', 'w') as outfile:
//!         outfile.write('%d' % _count)
//!
//! import atexit
//!
//! atexit.register(savecounter)
//! ```

mod counter {
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Once;

    static COUNT: AtomicI64 = AtomicI64::new(0);
    static LOAD: Once = Once::new();

    fn path() -> String {
        std::env::var("COUNTER_FILE").unwrap_or_else(|_| "counterfile".to_owned())
    }

    /// Reads the saved count, once, the first time the module is used (Python's import time).
    fn load() {
        LOAD.call_once(|| {
            let count = match std::fs::read_to_string(path()) {
                Ok(text) => text.trim().parse().expect("counterfile holds a number"),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
                Err(e) => panic!("cannot read the counter file: {e}"),
            };
            COUNT.store(count, Ordering::Relaxed);
        });
    }

    pub fn incrcounter(n: i64) {
        load();
        COUNT.fetch_add(n, Ordering::Relaxed);
    }

    #[atexit::register]
    fn savecounter() -> std::io::Result<()> {
        load();
        std::fs::write(path(), COUNT.load(Ordering::Relaxed).to_string())
    }
}

fn main() {
    let n = std::env::args()
        .nth(1)
        .map_or(1, |n| n.parse().expect("N is a number"));
    counter::incrcounter(n);
}
