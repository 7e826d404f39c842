//! The runtime of the [`atexit`](https://docs.rs/atexit) crate. Depend on `atexit`, not on this crate:
//! its API is re-exported there and documented there.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(panic = "abort")]
mod abort;
mod api;
mod context;
mod deadline;
mod exit;
mod fork;
mod future;
mod handler;
mod hook;
mod inspect;
mod log;
#[cfg(feature = "tokio")]
mod on_tokio;
mod origin;
mod payload;
mod registry;
mod report;
mod run;
#[cfg(feature = "signals")]
mod signals;
mod statics;
mod sync;
mod sys;

pub use crate::api::{clear, ncallbacks, register, register_async, unregister, Registration};
pub use crate::deadline::{clear_timeout, remaining, set_timeout, TIMEOUT_STATUS};
pub use crate::exit::exit;
pub use crate::handler::HandlerResult;
pub use crate::inspect::{handlers, HandlerInfo, HandlerKind};
pub use crate::run::run_exitfuncs;
#[cfg(feature = "signals")]
#[cfg_attr(docsrs, doc(cfg(feature = "signals")))]
pub use crate::signals::{handle_signals, handle_signals_even_if_ignored, Signal};

/// Not public API. Used by generated code.
#[doc(hidden)]
pub mod __private {
    pub use crate::api::{register_async_with, register_with};
    pub use crate::future::run_static;
    pub use crate::handler::{Apply, HandlerResult, Outcome};
    pub use crate::statics::{outcome, type_id_of, Call, StaticHandler};
}
