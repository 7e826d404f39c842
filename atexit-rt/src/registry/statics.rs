//! Handlers registered with `#[atexit::register]`: static entries gathered by the linker, put in
//! registration order the first time the runtime needs them (never before `main`).

use std::any::TypeId;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use crate::registry::handler::Outcome;

/// One `#[atexit::register]` function, as the attribute writes it.
///
/// Each pointer in an entry is a relocation the loader applies at start-up, so an entry has three:
/// one string holding the file and the function's path, the function to call, and the function
/// that tells its type. Nothing in an entry is generated per handler beyond a function returning a
/// type's constant `TypeId` (and, for a handler that returns a `Result`, a closure that converts
/// it), which keeps the compile time of many handlers low.
///
/// Not public API. Used by generated code.
#[doc(hidden)]
pub struct StaticHandler {
    /// `file`, a NUL byte, then `module::path::function`.
    pub place: &'static str,
    /// The length of the file part of `place`.
    pub file_len: u32,
    pub line: u32,
    pub column: u32,
    pub priority: i32,
    /// Runs the handler.
    pub call: Call,
    /// The handler's type, by which `unregister` knows it.
    pub type_id: fn() -> TypeId,
}

/// How a static handler is called.
///
/// Not public API. Used by generated code.
#[doc(hidden)]
pub enum Call {
    /// A function that returns `()`, called as it is.
    Unit(fn()),
    /// A function that returns something else, through a closure that turns its result into an
    /// [`Outcome`] (a type that cannot be one fails to compile there).
    Fallible(fn() -> Outcome),
}

/// The function that tells `F`'s `TypeId`, for an entry's `type_id`: `F` is the handler's function
/// item type, which no two functions share.
///
/// Not public API. Used by generated code.
#[doc(hidden)]
pub const fn type_id_of<F: Copy + 'static>(_: F) -> fn() -> TypeId {
    TypeId::of::<F>
}

/// The length of a source file's path, as the entry keeps it.
///
/// Not public API. Used by generated code (the cast is here, not in the user's crate, whose lints
/// it would trip).
#[doc(hidden)]
#[must_use]
pub const fn file_len(file: &str) -> u32 {
    assert!(
        file.len() <= u32::MAX as usize,
        "a source path longer than 4 GiB"
    );
    file.len() as u32
}

/// The symbol through which the `atexit` facade hands its slice of static entries to this crate:
/// named after this crate's version, which the facade requires exactly, so that two versions of the
/// crate in one binary each reach their own slice.
#[doc(hidden)]
#[macro_export]
macro_rules! __static_handlers_symbol {
    () => {
        ::core::concat!(
            "atexit_rs_static_handlers_",
            ::core::env!("CARGO_PKG_VERSION_MAJOR"),
            "_",
            ::core::env!("CARGO_PKG_VERSION_MINOR"),
            "_",
            ::core::env!("CARGO_PKG_VERSION_PATCH")
        )
    };
}

// The linker gathers the `#[atexit::register]` entries into a `linkme` slice that the facade
// declares, not this crate: a crate that uses `linkme`'s attribute waits for `syn` to build, and
// this one, the largest of the crate's, then builds alongside `syn` instead of after it.
extern "Rust" {
    #[link_name = __static_handlers_symbol!()]
    fn facade_static_handlers() -> &'static [StaticHandler];
}

/// This crate's own tests link no facade, and see no static handler.
#[cfg(test)]
#[export_name = __static_handlers_symbol!()]
fn no_static_handlers() -> &'static [StaticHandler] {
    &[]
}

/// Every `#[atexit::register]` entry of the program, in the linker's order.
fn entries() -> &'static [StaticHandler] {
    // SAFETY: the `atexit` facade, which every program that uses this crate links (its API is the
    // facade's), defines the symbol with this signature (`atexit::__private::static_handlers`).
    unsafe { facade_static_handlers() }
}

impl StaticHandler {
    pub(crate) fn file(&self) -> &'static str {
        self.place
            .get(..self.file_len as usize)
            .unwrap_or(self.place)
    }

    /// `module::path::function`.
    pub(crate) fn name(&self) -> &'static str {
        self.place
            .get(self.file_len as usize + 1..)
            .unwrap_or(self.place)
    }

    fn krate(&self) -> &'static str {
        let name = self.name();
        match name.as_bytes().iter().position(|&b| b == b':') {
            Some(end) => &name[..end],
            None => name,
        }
    }

    pub(crate) fn call(&self) -> Outcome {
        match self.call {
            Call::Unit(function) => {
                function();
                Ok(())
            }
            Call::Fallible(function) => function(),
        }
    }

    pub(crate) fn type_id(&self) -> TypeId {
        (self.type_id)()
    }
}

/// Ranks strings in byte order among the distinct ones it was built from. The entries of one
/// crate mostly come together, so a one-entry cache answers most look-ups without searching. (A
/// sorted list rather than a hash map: far less code for every program to compile.)
struct Ranks {
    sorted: Vec<&'static str>,
    last: Option<(&'static str, u32)>,
}

impl Ranks {
    fn new(strings: impl Iterator<Item = &'static str>) -> Ranks {
        let mut distinct: Vec<&'static str> = Vec::new();
        let mut last = None;
        for s in strings {
            if last != Some(s) && !distinct.contains(&s) {
                distinct.push(s);
            }
            last = Some(s);
        }
        distinct.sort_unstable();
        Ranks {
            sorted: distinct,
            last: None,
        }
    }

    fn of(&mut self, s: &'static str) -> u32 {
        match self.last {
            Some((l, r)) if l == s => r,
            _ => {
                let r = self
                    .sorted
                    .binary_search(&s)
                    .expect("every string ranked was seen when the ranks were built");
                let r = u32::try_from(r).unwrap_or(u32::MAX);
                self.last = Some((s, r));
                r
            }
        }
    }
}

/// Registration order, as indices into `handlers`: priority, then crate name, then file, line and
/// column, then (for handlers one macro wrote at one place) the function's path.
fn registration_order(handlers: &[StaticHandler]) -> Vec<u32> {
    let mut krates = Ranks::new(handlers.iter().map(StaticHandler::krate));
    let mut files = Ranks::new(handlers.iter().map(StaticHandler::file));
    // One integer per handler: 32 bits of priority, 16 of crate rank, 16 of file rank, 20 of line,
    // 12 of column, and the handler's index. (Beyond a million lines or 4,096 columns, handlers
    // share a place and are ordered by name.)
    let field = |value: u32, bits: u32| u128::from(value.min((1 << bits) - 1));
    let mut keys: Vec<u128> = handlers
        .iter()
        .zip(0u32..)
        .map(|(h, i)| {
            let priority = u128::from((h.priority as u32) ^ 0x8000_0000);
            priority << 96
                | field(krates.of(h.krate()), 16) << 80
                | field(files.of(h.file()), 16) << 64
                | field(h.line, 20) << 44
                | field(h.column, 12) << 32
                | u128::from(i)
        })
        .collect();
    radix_sort(&mut keys);
    let index = |key: &u128| *key as u32;
    for run in keys.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
        if run.len() > 1 {
            run.sort_unstable_by_key(|key| (handlers[index(key) as usize].name(), index(key)));
        }
    }
    keys.iter().map(index).collect()
}

/// A stable least-significant-digit radix sort by key, a byte at a time, skipping the bytes that
/// are the same in every key (most of them: one priority, few crates and files): a few linear
/// passes where a comparison sort needs `n log n` comparisons.
fn radix_sort(items: &mut Vec<u128>) {
    let (any, all) = items
        .iter()
        .fold((0u128, !0u128), |(any, all), &key| (any | key, all & key));
    let varying = any ^ all;
    let mut scratch = vec![0u128; items.len()];
    // The low 32 bits are the index, which identifies a handler but does not order it.
    for shift in (32..128).step_by(8) {
        if (varying >> shift) & 0xFF == 0 {
            continue;
        }
        let digit = |key: u128| ((key >> shift) & 0xFF) as usize;
        let mut starts = [0usize; 256];
        for &key in items.iter() {
            starts[digit(key)] += 1;
        }
        let mut total = 0;
        for start in starts.iter_mut() {
            let count = *start;
            *start = total;
            total += count;
        }
        for &item in items.iter() {
            let d = digit(item);
            scratch[starts[d]] = item;
            starts[d] += 1;
        }
        std::mem::swap(items, &mut scratch);
    }
}

const LIVE: u8 = 0;
const TAKEN: u8 = 1;
const REMOVED: u8 = 2;

/// A static handler's place in registration order, and whether it still has to run.
pub(crate) struct Slot {
    index: u32,
    state: AtomicU8,
}

impl Slot {
    pub(crate) fn handler(&self) -> &'static StaticHandler {
        &entries()[self.index as usize]
    }

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
        registration_order(entries())
            .into_iter()
            .map(|index| Slot {
                index,
                state: AtomicU8::new(LIVE),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! handler {
        ($name:literal, $file:literal, $line:literal, $priority:expr) => {
            StaticHandler {
                place: concat!($file, "\0", $name),
                file_len: $file.len() as u32,
                line: $line,
                column: 1,
                priority: $priority,
                call: Call::Unit(|| ()),
                type_id: TypeId::of::<()>,
            }
        };
    }

    #[test]
    fn order_is_priority_then_crate_then_file_then_line_then_name() {
        static ALL: [StaticHandler; 8] = [
            handler!("b::x", "src/a.rs", 1, 0),
            handler!("a::y", "src/z.rs", 9, 0),
            handler!("a::x", "src/z.rs", 3, 0),
            handler!("a::w", "src/b.rs", 50, 0),
            handler!("z::low", "src/a.rs", 1, i32::MIN),
            handler!("a::high", "src/a.rs", 1, i32::MAX),
            handler!("a::tie2", "src/b.rs", 50, 0),
            handler!("a::neg", "src/q.rs", 1, -1),
        ];
        let names: Vec<&str> = registration_order(&ALL)
            .into_iter()
            .map(|i| ALL[i as usize].name())
            .collect();
        assert_eq!(
            names,
            ["z::low", "a::neg", "a::tie2", "a::w", "a::x", "a::y", "b::x", "a::high"]
        );
    }
}
