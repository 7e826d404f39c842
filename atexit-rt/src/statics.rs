//! Handlers registered with `#[atexit::register]`: static entries gathered by the linker, put in
//! registration order the first time the runtime needs them (never before `main`).

use std::any::TypeId;
use std::cmp::Ordering as CmpOrdering;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use crate::handler::Outcome;

/// One `#[atexit::register]` function, as the attribute writes it.
///
/// Not public API. Used by generated code.
#[doc(hidden)]
pub struct StaticHandler {
    /// `module::path::function`.
    pub name: &'static str,
    pub file: &'static str,
    pub line: u32,
    pub column: u32,
    pub priority: i32,
    pub call: fn() -> Outcome,
    pub type_id: fn() -> TypeId,
}

#[linkme::distributed_slice]
#[doc(hidden)]
pub static STATIC_HANDLERS: [StaticHandler];

impl StaticHandler {
    fn krate(&self) -> &'static str {
        self.name.split("::").next().unwrap_or(self.name)
    }

    /// Registration order: priority, then crate name, then position in the source.
    fn registration_order(&self, other: &Self) -> CmpOrdering {
        (
            self.priority,
            self.krate(),
            self.file,
            self.line,
            self.column,
            self.name,
        )
            .cmp(&(
                other.priority,
                other.krate(),
                other.file,
                other.line,
                other.column,
                other.name,
            ))
    }
}

const LIVE: u8 = 0;
const TAKEN: u8 = 1;
const REMOVED: u8 = 2;

pub(crate) struct Slot {
    pub(crate) handler: &'static StaticHandler,
    state: AtomicU8,
}

impl Slot {
    fn leave_live(&self, to: u8) -> bool {
        self.state
            .compare_exchange(LIVE, to, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
    }

    /// Takes the handler to run it; false if it ran or was unregistered already.
    pub(crate) fn take(&self) -> bool {
        self.leave_live(TAKEN)
    }

    pub(crate) fn remove(&self) -> bool {
        self.leave_live(REMOVED)
    }

    pub(crate) fn is_live(&self) -> bool {
        self.state.load(Ordering::Acquire) == LIVE
    }
}

/// The static handlers in registration order: the last one runs first.
pub(crate) fn table() -> &'static [Slot] {
    static TABLE: OnceLock<Box<[Slot]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut handlers: Vec<&'static StaticHandler> = STATIC_HANDLERS.iter().collect();
        handlers.sort_unstable_by(|a, b| a.registration_order(b));
        handlers
            .into_iter()
            .map(|handler| Slot {
                handler,
                state: AtomicU8::new(LIVE),
            })
            .collect()
    })
}
