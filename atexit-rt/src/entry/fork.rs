//! What a child made with `fork` (without `exec`) inherits, and what it must not.
//!
//! The child is a copy of the parent with one thread: the one that forked. So, in the child:
//! - handlers marked this-process-only are dropped from the registry (not run, not dropped);
//! - a registration the parent was still making on another thread will never be published: runs
//!   skip its slot instead of waiting for it;
//! - a run of the handlers that another thread of the parent was in the middle of stays in the
//!   parent: the child's own exit neither waits for it nor ends as it would have, and runs the
//!   handlers that run had not taken yet;
//! - with `handle_signals`, the signals are handled by a thread of the child's own.
//!
//! Where there is no `fork` (Windows, WASI) there is nothing to do.

#[cfg(unix)]
use std::sync::atomic::{AtomicBool, Ordering};

/// Set in a child forked while another thread of the parent ran the exit hook: the child's copy of
/// the C library's table of exit hooks no longer holds it, so `exit_hook::at_exit_in_child` runs it.
#[cfg(unix)]
static EXIT_HOOK_TAKEN: AtomicBool = AtomicBool::new(false);

/// True in a child forked while another thread of the parent ran the exit hook.
#[cfg(unix)]
pub(crate) fn exit_hook_taken() -> bool {
    EXIT_HOOK_TAKEN.load(Ordering::SeqCst)
}

/// Installs the hook that runs in the child of every `fork`. Called once, before `main`.
#[cfg(unix)]
pub(crate) fn watch_forks() {
    if !crate::sys::on_fork(before_fork, in_parent, in_child) {
        crate::sys::write_stderr(
            b"atexit: could not install the fork hook; a forked child may wait at exit for what \
              its parent's threads were doing\n",
        );
    }
}

/// Before `fork`, on the forking thread: with `handle_signals`, the handled signals are blocked on
/// this thread until the hooks after `fork` are done, so that a signal sent to the child at once
/// waits until the child's signal thread exists (and is not mistaken for the parent's).
#[cfg(unix)]
unsafe extern "C" fn before_fork() {
    #[cfg(feature = "signals")]
    crate::entry::signals::block_for_fork();
}

/// After `fork`, in the parent.
#[cfg(unix)]
unsafe extern "C" fn in_parent() {
    #[cfg(feature = "signals")]
    crate::entry::signals::unblock_after_fork();
}

/// Runs in the child, on the forking thread, before `fork` returns: one call to each owner of
/// what the child must not inherit as it is. Only atomic loads and stores, and with
/// `handle_signals` the start of the child's signal thread (see `signals::in_child`): it never
/// unwinds, as a hook called by the C library must not.
#[cfg(unix)]
unsafe extern "C" fn in_child() {
    crate::registry::dynamic::global().in_forked_child();
    // A handler that forks: the child goes on with the run this thread is in.
    let parent_run = !crate::run::context::running();
    if parent_run {
        EXIT_HOOK_TAKEN.store(crate::run::state::exiting_elsewhere(), Ordering::SeqCst);
        crate::run::state::forget_parent_run();
        crate::end::process::forget_parent_run();
    }
    #[cfg(feature = "signals")]
    crate::entry::signals::in_child(parent_run);
}
