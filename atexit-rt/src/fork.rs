//! Handlers that stay with the process that registered them: dropped from a forked child's registry.
//! Where there is no `fork` (Windows, WASI), marking a handler this-process-only has no effect.

/// Installs, once, the hook that drops this-process-only handlers in a forked child. Nothing is
/// installed until the first handler is marked.
#[cfg(unix)]
pub(crate) fn watch_forks() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        if !crate::sys::on_fork_child(in_child) {
            crate::report::fatal("could not install the fork hook");
        }
    });
}

/// No `fork` here: nothing to watch.
#[cfg(not(unix))]
pub(crate) fn watch_forks() {}

/// Only loads and stores atomics, so it never unwinds and is async-signal-safe, as a child hook of
/// a multi-threaded parent must be.
#[cfg(unix)]
unsafe extern "C" fn in_child() {
    crate::registry::global().forget_this_process_handlers();
}
