//! The runtime of the [`atexit`](https://docs.rs/atexit) crate. Depend on `atexit`, not on this crate:
//! its API is re-exported there and documented there.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

mod api;
mod context;
mod exit;
mod handler;
mod hook;
mod payload;
mod registry;
mod report;
mod run;
mod statics;

pub use crate::api::{clear, ncallbacks, register, unregister, Registration};
pub use crate::exit::exit;
pub use crate::handler::HandlerResult;
pub use crate::run::run_exitfuncs;

/// Not public API. Used by generated code.
#[doc(hidden)]
pub mod __private {
    pub use crate::api::register_with;
    pub use crate::handler::{Apply, HandlerResult, Outcome};
    pub use crate::statics::{dispatch, StaticHandler, STATIC_HANDLERS};
    pub use linkme;
}
