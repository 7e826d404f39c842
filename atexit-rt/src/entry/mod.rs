//! The ways into a run of the handlers: the exit hook (installed before `main`), the panic hook
//! (`panic = "abort"`, and a handler's refused `std::process::exit`), handled signals and console events, and the hooks around `fork`. Each runs
//! the handlers (`run`) and then leaves the ending to `end`.

pub(crate) mod exit_hook;
pub(crate) mod fork;
pub(crate) mod panic_hook;
#[cfg(feature = "signals")]
pub(crate) mod signals;
