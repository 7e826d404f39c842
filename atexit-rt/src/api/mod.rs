//! The public API's implementation: registering and unregistering (`register.rs`), what will run
//! (`inspect.rs`), and leaving the process (`exit.rs`). The roof: it uses every layer below, and
//! none uses it.

pub(crate) mod exit;
pub(crate) mod inspect;
pub(crate) mod register;
