// `stress <record file> <threads> <registrations per thread>`: threads register and unregister
// handlers as fast as they can while another thread calls `exit`.
//
// Everything is recorded in a file mapped into memory, which outlives the process, so the test
// reads what happened even for the registrations still in flight when the process ended. The file
// is an array of little-endian `u64`: `[0]` the length of the run log, then four arrays of one
// element per registration id: the sequence number + 1 (0 until `register` returned), the
// unregistration state (1 called, 2 returned true, 3 returned false), how many times the handler
// ran, and the run log (ids + 1, in the order they ran).

use std::collections::VecDeque;
use std::fs::OpenOptions;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

struct Record {
    words: &'static [AtomicU64],
    ids: usize,
}

impl Record {
    fn map(path: &str, ids: usize) -> Record {
        let words = 1 + 4 * ids;
        let bytes = words * 8;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .expect("create the record file");
        file.set_len(bytes as u64).expect("size the record file");
        // SAFETY: maps `bytes` bytes of a file of that size, shared, readable and writable; the
        // mapping stays valid after `file` is closed and is never unmapped.
        let address = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                file.as_raw_fd(),
                0,
            )
        };
        assert_ne!(address, libc::MAP_FAILED, "mmap failed");
        // SAFETY: the mapping is page-aligned, `bytes` long, zero-filled (a new file), lives for
        // the rest of the process, and is only accessed through these atomics.
        let words = unsafe { std::slice::from_raw_parts(address.cast::<AtomicU64>(), words) };
        Record { words, ids }
    }

    fn sequence(&self, id: usize) -> &AtomicU64 {
        &self.words[1 + id]
    }

    fn unregistration(&self, id: usize) -> &AtomicU64 {
        &self.words[1 + self.ids + id]
    }

    fn ran(&self, id: usize) {
        self.words[1 + 2 * self.ids + id].fetch_add(1, Ordering::SeqCst);
        let at = self.words[0].fetch_add(1, Ordering::SeqCst) as usize;
        if at < self.ids {
            self.words[1 + 3 * self.ids + at].store(id as u64 + 1, Ordering::SeqCst);
        }
    }
}

static RECORD: std::sync::OnceLock<Record> = std::sync::OnceLock::new();
static REGISTERED: AtomicUsize = AtomicUsize::new(0);

fn record() -> &'static Record {
    RECORD.get().expect("the record is mapped")
}

fn worker(thread: usize, per_thread: usize) {
    let mut recent = VecDeque::new();
    for i in 0..per_thread {
        let id = thread * per_thread + i;
        let registration = if i % 7 == 0 {
            // Larger than 16 bytes: boxed.
            let padding = [id as u64; 3];
            atexit::register(move || record().ran(padding[0] as usize))
        } else {
            atexit::register(move || record().ran(id))
        };
        record()
            .sequence(id)
            .store(registration.sequence() as u64 + 1, Ordering::SeqCst);
        REGISTERED.fetch_add(1, Ordering::Relaxed);
        recent.push_back((id, registration));
        if i % 3 == 0 {
            let (id, registration) = recent.pop_front().expect("one registration at least");
            record().unregistration(id).store(1, Ordering::SeqCst);
            let removed = registration.unregister();
            record()
                .unregistration(id)
                .store(if removed { 2 } else { 3 }, Ordering::SeqCst);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let threads: usize = args[1].parse().unwrap();
    let per_thread: usize = args[2].parse().unwrap();
    if RECORD
        .set(Record::map(&args[0], threads * per_thread))
        .is_err()
    {
        unreachable!("mapped once");
    }
    for thread in 0..threads {
        std::thread::spawn(move || worker(thread, per_thread));
    }
    // Exit from another thread once half the registrations are made, while the rest go on.
    while REGISTERED.load(Ordering::Relaxed) < threads * per_thread / 2 {
        std::thread::sleep(Duration::from_micros(100));
    }
    std::thread::spawn(|| std::process::exit(0));
    loop {
        std::thread::park();
    }
}
