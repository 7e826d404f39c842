//! `ATEXIT_LOG=1`: each handler logged on stderr as it starts and ends, and a summary of the run.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::registry::origin::Origin;

/// True if `ATEXIT_LOG` asks for the log (`1`, `true`, `yes` or `on`); read when a run starts.
pub(crate) fn enabled() -> bool {
    std::env::var("ATEXIT_LOG").is_ok_and(|value| {
        ["1", "true", "yes", "on"]
            .iter()
            .any(|on| value.trim().eq_ignore_ascii_case(on))
    })
}

fn line(args: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "atexit: {args}");
}

pub(crate) fn starting(origin: &Origin) {
    line(format_args!("running {origin}"));
}

pub(crate) fn finished(origin: &Origin, failed: bool, took: Duration) {
    if failed {
        line(format_args!("failed {origin} after {took:.3?}"));
    } else {
        line(format_args!("finished {origin} in {took:.3?}"));
    }
}

pub(crate) fn summary(ran: usize, failed: usize, started: Instant) {
    let handlers = if ran == 1 { "handler" } else { "handlers" };
    line(format_args!(
        "{ran} {handlers} ran, {failed} failed, in {:.3?}",
        started.elapsed()
    ));
}
