#![cfg(unix)]
//! Threads register and unregister hundreds of thousands of handlers while another thread calls
//! `exit`: every handler registered before the run starts runs exactly once, none runs twice, none
//! runs after it was unregistered, and they run last registered first. Repeated
//! `ATEXIT_STRESS_ITERATIONS` times (10 by default).
use atexit_test_programs::{program, run};

const THREADS: usize = 4;
const PER_THREAD: usize = 50_000;

struct Outcome {
    ran: usize,
    registered: usize,
    removed: usize,
    during_run: usize,
}

/// Checks one run's record; the number of handlers it saw run.
fn check(words: &[u64], ids: usize) -> Result<Outcome, String> {
    let sequence = |id: usize| words[1 + id].checked_sub(1);
    let unregistration = |id: usize| words[1 + ids + id];
    let ran = |id: usize| words[1 + 2 * ids + id];
    let log_len = usize::try_from(words[0]).unwrap();
    if log_len > ids {
        return Err(format!("{log_len} runs for {ids} registrations"));
    }
    let log: Vec<usize> = words[1 + 3 * ids..1 + 3 * ids + log_len]
        .iter()
        .map(|&w| usize::try_from(w).unwrap() - 1)
        .collect();
    for id in 0..ids {
        match (ran(id), unregistration(id)) {
            (0 | 1, 0 | 1) => {}
            (2.., _) => return Err(format!("handler {id} ran {} times", ran(id))),
            (1, 2) => return Err(format!("handler {id} ran after it was unregistered")),
            (0, 3) => {
                return Err(format!(
                    "unregister({id}) said it had run, but it never ran"
                ))
            }
            (1, 3) | (0, 2) => {}
            (_, state) => return Err(format!("bad state {state} for {id}")),
        }
    }
    // The first handler to run is the newest registration when the run started.
    let start = log
        .iter()
        .find_map(|&id| sequence(id))
        .ok_or("no handler ran")?;
    let mut lowest = u64::MAX;
    let mut during_run = 0;
    for (at, &id) in log.iter().enumerate() {
        let Some(seq) = sequence(id) else { continue };
        if seq < lowest {
            lowest = seq;
        } else if seq > start {
            // Registered while the handlers ran: it runs next, before anything older.
            during_run += 1;
        } else {
            return Err(format!(
                "run #{at}: handler {id} (sequence {seq}) ran after sequence {lowest}"
            ));
        }
    }
    let mut registered = 0;
    let mut removed = 0;
    for id in 0..ids {
        let Some(seq) = sequence(id) else { continue };
        registered += 1;
        if unregistration(id) == 2 {
            removed += 1;
        }
        // Registered before the run started and not being unregistered: it must have run.
        if seq <= start && unregistration(id) == 0 && ran(id) != 1 {
            return Err(format!("handler {id} (sequence {seq}) never ran"));
        }
    }
    Ok(Outcome {
        ran: log_len,
        registered,
        removed,
        during_run,
    })
}

#[test]
fn handlers_run_exactly_once_in_order_while_threads_register_and_unregister() {
    let iterations: usize = std::env::var("ATEXIT_STRESS_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let ids = THREADS * PER_THREAD;
    let path = std::env::temp_dir().join(format!("atexit-stress-{}", std::process::id()));
    let path_str = path.to_str().unwrap();
    let (threads, per_thread) = (THREADS.to_string(), PER_THREAD.to_string());
    let mut total_ran = 0;
    for iteration in 0..iterations {
        let exit = run(program!("stress"), &[path_str, &threads, &per_thread]);
        assert_eq!(exit.code, Some(0), "iteration {iteration}: {exit:?}");
        assert_eq!(exit.stderr, "", "iteration {iteration}");
        let bytes = std::fs::read(&path).unwrap();
        let words: Vec<u64> = bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(words.len(), 1 + 4 * ids);
        match check(&words, ids) {
            Ok(outcome) => {
                assert!(outcome.registered >= ids / 2, "iteration {iteration}");
                assert!(outcome.removed > 0, "iteration {iteration}");
                total_ran += outcome.ran;
                eprintln!(
                    "iteration {iteration}: {} registered, {} unregistered, {} ran ({} registered \
                     during the run)",
                    outcome.registered, outcome.removed, outcome.ran, outcome.during_run
                );
            }
            Err(problem) => panic!("iteration {iteration}: {problem}"),
        }
    }
    std::fs::remove_file(&path).unwrap();
    assert!(total_ran > 0);
}
