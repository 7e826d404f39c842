//! Model checks of the registry under `loom`: every interleaving of registering, unregistering and
//! running (up to a bound on preemptions) keeps each handler to exactly one of "ran" and "removed".
//!
//! `RUSTFLAGS="--cfg loom" cargo test -p atexit-rt --lib --release loom -- --nocapture`

use std::panic::Location;
use std::sync::atomic::AtomicUsize as Explored;
use std::sync::Arc;

use loom::sync::atomic::AtomicUsize;
use loom::thread;

use super::*;
use crate::registry::payload;

/// Explores `model` under every schedule (with at most `preemptions` forced thread switches, if
/// bounded), and reports how many schedules that was.
fn check(name: &str, preemptions: Option<usize>, model: impl Fn() + Sync + Send + 'static) {
    let explored = Arc::new(Explored::new(0));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = preemptions;
    let counter = Arc::clone(&explored);
    builder.check(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        model();
    });
    let explored = explored.load(Ordering::Relaxed);
    assert!(explored > 1, "{name}: only one schedule explored");
    eprintln!("loom: {name}: {explored} interleavings explored");
}

/// A handler that counts its runs: a small closure, kept in the payload room.
fn push(registry: &Registry, runs: &Arc<AtomicUsize>) -> usize {
    let runs = Arc::clone(runs);
    push_closure(registry, move || {
        runs.fetch_add(1, Ordering::SeqCst);
    })
}

/// The same, made larger than the room, so it is boxed.
fn push_boxed(registry: &Registry, runs: &Arc<AtomicUsize>) -> usize {
    let runs = Arc::clone(runs);
    let padding = [0u64; 3];
    push_closure(registry, move || {
        runs.fetch_add(1 + padding[0] as usize, Ordering::SeqCst);
    })
}

fn push_closure<F: FnOnce() + Send + 'static>(registry: &Registry, f: F) -> usize {
    registry.push(|room| payload::pack::<F, F, (), false>(f, Location::caller(), || room.get()))
}

fn counters(n: usize) -> Vec<Arc<AtomicUsize>> {
    (0..n).map(|_| Arc::new(AtomicUsize::new(0))).collect()
}

fn run_all(registry: &Registry, cursor: &mut Cursor) {
    while let Some(handler) = registry.next(cursor, |_| {}) {
        assert!(handler.call().is_ok());
    }
}

#[test]
fn loom_registering_while_running_runs_each_handler_once() {
    check("two threads register while a third runs", Some(2), || {
        let registry = Arc::new(Registry::new());
        let runs = counters(4);
        // Fill the first directory, so that both new registrations race to grow the table.
        let filler = counters(1);
        for _ in 0..4 {
            push(&registry, &filler[0]);
        }
        let threads: Vec<_> = runs[..2]
            .iter()
            .enumerate()
            .map(|(i, runs)| {
                let (registry, runs) = (Arc::clone(&registry), Arc::clone(runs));
                thread::spawn(move || {
                    if i == 0 {
                        push(&registry, &runs)
                    } else {
                        push_boxed(&registry, &runs)
                    }
                })
            })
            .collect();
        let mut cursor = Cursor::default();
        run_all(&registry, &mut cursor);
        let sequences: Vec<usize> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert_ne!(sequences[0], sequences[1]);
        run_all(&registry, &mut cursor);
        for runs in &runs[..2] {
            assert_eq!(runs.load(Ordering::SeqCst), 1);
        }
        assert_eq!(filler[0].load(Ordering::SeqCst), 4);
        assert_eq!(registry.live(), 0);
    });
}

#[test]
fn loom_unregistering_while_running_removes_or_runs_never_both() {
    check(
        "one thread unregisters two while another runs",
        None,
        || {
            let registry = Arc::new(Registry::new());
            let runs = counters(3);
            // A small closure and a boxed one are removed; the one between them is kept.
            let first = push(&registry, &runs[0]);
            push(&registry, &runs[1]);
            let third = push_boxed(&registry, &runs[2]);
            let remover = {
                let registry = Arc::clone(&registry);
                thread::spawn(move || [registry.remove(third), registry.remove(first)])
            };
            let mut cursor = Cursor::default();
            run_all(&registry, &mut cursor);
            let removed = remover.join().unwrap();
            assert_eq!(runs[0].load(Ordering::SeqCst) + usize::from(removed[1]), 1);
            assert_eq!(runs[1].load(Ordering::SeqCst), 1);
            assert_eq!(runs[2].load(Ordering::SeqCst) + usize::from(removed[0]), 1);
            assert!(!registry.remove(first) && !registry.remove(third));
            assert_eq!(registry.live(), 0);
        },
    );
}

#[test]
fn loom_two_runners_run_each_handler_once() {
    check("two threads run at once", None, || {
        let registry = Arc::new(Registry::new());
        let runs = counters(3);
        for runs in &runs {
            push(&registry, runs);
        }
        let other = {
            let registry = Arc::clone(&registry);
            thread::spawn(move || run_all(&registry, &mut Cursor::default()))
        };
        run_all(&registry, &mut Cursor::default());
        other.join().unwrap();
        for runs in &runs {
            assert_eq!(runs.load(Ordering::SeqCst), 1);
        }
    });
}

#[test]
fn loom_peeking_while_a_boxed_handler_runs_reads_its_location() {
    check("handlers() reads while a run takes", None, || {
        let registry = Arc::new(Registry::new());
        let runs = counters(1);
        let index = push_boxed(&registry, &runs[0]);
        let peeker = {
            let registry = Arc::clone(&registry);
            thread::spawn(move || registry.peek(index).map(|peek| peek.location.line()))
        };
        run_all(&registry, &mut Cursor::default());
        if let Some(line) = peeker.join().unwrap() {
            assert!(line > 0);
        }
        assert_eq!(runs[0].load(Ordering::SeqCst), 1);
    });
}

#[test]
fn loom_a_run_that_saw_a_registration_being_made_runs_it() {
    check("one thread registers while another runs once", None, || {
        let registry = Arc::new(Registry::new());
        let runs = counters(2);
        push(&registry, &runs[0]);
        let registering = {
            let (registry, runs) = (Arc::clone(&registry), Arc::clone(&runs[1]));
            thread::spawn(move || push_boxed(&registry, &runs))
        };
        // One run only: a registration whose sequence number it saw handed out is waited for and
        // run, never skipped; one made after the run looked stays registered.
        let mut cursor = Cursor::default();
        run_all(&registry, &mut cursor);
        let index = registering.join().unwrap();
        assert_eq!(runs[0].load(Ordering::SeqCst), 1);
        let ran = runs[1].load(Ordering::SeqCst);
        if cursor.seen > index {
            assert_eq!(ran, 1);
        }
        assert_eq!(ran + registry.live(), 1);
    });
}
