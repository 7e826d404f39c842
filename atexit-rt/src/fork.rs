//! Handlers that stay with the process that registered them: dropped from a forked child's registry.

use std::sync::Once;

use crate::registry;

/// Installs, once, the `pthread_atfork` hook that drops this-process-only handlers in a child.
/// Nothing is installed until the first handler is marked.
pub(crate) fn watch_forks() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: `in_child` is an `extern "C" fn()` that never unwinds (it only loads and stores
        // atomics) and is async-signal-safe, as a child hook of a multi-threaded parent must be.
        let failed = unsafe { libc::pthread_atfork(None, None, Some(in_child)) } != 0;
        if failed {
            crate::report::fatal("could not install the fork hook");
        }
    });
}

extern "C" fn in_child() {
    registry::global().forget_this_process_handlers();
}
