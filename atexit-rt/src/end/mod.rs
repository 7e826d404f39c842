//! How the process ends after the handlers ran: one decision for every cause (`table.rs`), and the
//! few ways of carrying it out (`process.rs`). Above `run`, whose state it reads, and `sys`.

pub(crate) mod process;
pub(crate) mod table;
