//! What is registered: the run-time registry, the payloads it keeps, the static entries and their
//! order, how a handler is named, and a registration's own limit. Above the platform (`sys`) only.

pub(crate) mod dynamic;
pub(crate) mod handler;
pub(crate) mod limits;
pub(crate) mod origin;
pub(crate) mod payload;
pub(crate) mod statics;
pub(crate) mod sync;
