//! Running the handlers: the shutdown's state, the run itself (order, invoking, failures), what
//! each thread is doing, failure reports, the deadline and the log. Above `registry` and `sys`
//! only: what happens after a run is decided in `end`, and the ways into a run are in `entry`.

pub(crate) mod context;
pub(crate) mod deadline;
pub(crate) mod failure;
pub(crate) mod invoke;
pub(crate) mod log;
pub(crate) mod report;
pub(crate) mod state;
