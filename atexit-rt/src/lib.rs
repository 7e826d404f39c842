//! The runtime of the [`atexit`](https://docs.rs/atexit) crate. Depend on `atexit`, not on this crate:
//! its API is re-exported there and documented there.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The layers, bottom to top; each uses only those below it.
mod api;
mod end;
mod entry;
mod future;
mod registry;
mod run;
mod sys;

pub use crate::api::exit::{exit, run_exitfuncs};
pub use crate::api::inspect::{handlers, HandlerInfo, HandlerKind};
pub use crate::api::register::{
    clear, ncallbacks, register, register_async, unregister, Registration,
};
#[cfg(feature = "signals")]
#[cfg_attr(docsrs, doc(cfg(feature = "signals")))]
pub use crate::entry::signals::{handle_signals, handle_signals_even_if_ignored, Signal};
pub use crate::registry::handler::HandlerResult;
pub use crate::run::deadline::{clear_timeout, remaining, set_timeout, TIMEOUT_STATUS};
pub use crate::run::failure::{Failure, FailureKind};
pub use crate::run::report::set_failure_hook;

/// Not public API. Used by generated code.
#[doc(hidden)]
pub mod __private {
    pub use crate::api::register::{key_of, register_async_with, register_with};
    pub use crate::future::run_static;
    pub use crate::registry::handler::{outcome, HandlerResult, Outcome};
    pub use crate::registry::statics::{file_len, type_id_of, Call, StaticHandler};
}
