//! The run-time registry: an append-only array of slots that registration fills without a lock.
//!
//! Slot `i` is the `i`-th registration ever made, so its index is its registration sequence. Slots
//! live in segments of 1,024 that never move, found through a two-level directory; a slot is 16
//! bytes. A closure of up to 16 bytes is kept beside its slot in a parallel segment of payloads,
//! allocated only for segments that hold such a closure. A slot's `meta` word is 0 until its
//! registration is published, then the vtable address with the slot's state in the two low bits
//! and the `THIS_PROCESS` mark in the third. Leaving the `LIVE` state is a compare-and-swap, so
//! exactly one of running, unregistering and clearing gets each handler.
//!
//! Built with `--cfg loom`, the atomics are `loom`'s and the segments tiny, and the tests at the end
//! model-check registering, unregistering and running against each other.

use std::ops::Range;
use std::panic::Location;
use std::ptr;
use std::sync::atomic::Ordering;

use crate::registry::handler::Outcome;
use crate::registry::payload::{Packed, Payload, VTable};
#[cfg(loom)]
use crate::registry::sync::UnsafeCell;
use crate::registry::sync::{spin_loop, AtomicPtr, AtomicUsize};

const LIVE: usize = 0;
const TAKEN: usize = 1;
const REMOVED: usize = 2;
const STATE: usize = 0b11;
/// The handler runs only in the process that registered it, not in a forked child.
const THIS_PROCESS: usize = 0b100;
const FLAGS: usize = STATE | THIS_PROCESS;

/// Set once a handler was marked this-process-only: until then a forked child has none to drop,
/// and does not scan the registry.
static ANY_THIS_PROCESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(not(loom))]
const SEGMENT_BITS: u32 = 10;
#[cfg(not(loom))]
const DIRECTORY_BITS: u32 = 10;
#[cfg(all(not(loom), target_pointer_width = "64"))]
const TOP_LEN: usize = 1 << 12;
#[cfg(all(not(loom), not(target_pointer_width = "64")))]
const TOP_LEN: usize = 1 << 11;
// Under loom: two slots a segment, so that a model of a few registrations grows the table.
#[cfg(loom)]
const SEGMENT_BITS: u32 = 1;
#[cfg(loom)]
const DIRECTORY_BITS: u32 = 1;
#[cfg(loom)]
const TOP_LEN: usize = 2;

const SEGMENT_LEN: usize = 1 << SEGMENT_BITS;
const DIRECTORY_LEN: usize = 1 << DIRECTORY_BITS;
/// 2^32 registrations (at 16 bytes each, 64 GiB); with a 32-bit `usize`, 2^31 (at 8 bytes each,
/// more than the address space holds), so that the index stays below `usize::MAX`.
const CAPACITY: usize = TOP_LEN * DIRECTORY_LEN * SEGMENT_LEN;

#[repr(C)]
struct Slot {
    meta: AtomicUsize,
    data: AtomicPtr<()>,
}

/// What a table's segments and directories hold.
trait Element {
    /// A fresh element: all-zero bytes, which is what `alloc_zeroed` makes of it outside loom.
    #[cfg(loom)]
    fn fresh() -> Self;
}

impl Element for Slot {
    #[cfg(loom)]
    fn fresh() -> Self {
        Slot {
            meta: AtomicUsize::new(0),
            data: AtomicPtr::new(ptr::null_mut()),
        }
    }
}

impl Element for Payload {
    #[cfg(loom)]
    fn fresh() -> Self {
        Payload(UnsafeCell::new(std::mem::MaybeUninit::uninit()))
    }
}

impl<T> Element for AtomicPtr<T> {
    #[cfg(loom)]
    fn fresh() -> Self {
        AtomicPtr::new(ptr::null_mut())
    }
}

/// A new array of `len` fresh elements, never moved.
///
/// # Safety
/// All-zero bytes must be a valid `T` (`Element::fresh`).
#[cfg(not(loom))]
unsafe fn fresh_array<T: Element>(len: usize) -> *mut T {
    let layout = std::alloc::Layout::array::<T>(len).expect("a segment's size fits");
    // SAFETY: the layout is not empty; the caller vouches for zeroed `T`s.
    let fresh = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<T>();
    if fresh.is_null() {
        std::alloc::handle_alloc_error(layout);
    }
    fresh
}

/// # Safety
/// `array` came from `fresh_array::<T>(len)` and was never published.
#[cfg(not(loom))]
unsafe fn free_array<T>(array: *mut T, len: usize) {
    let layout = std::alloc::Layout::array::<T>(len).expect("a segment's size fits");
    // SAFETY: allocated with this layout by `fresh_array`.
    unsafe { std::alloc::dealloc(array.cast(), layout) };
}

/// A new array of `len` fresh elements, never moved (loom's atomics cannot be zeroed bytes).
///
/// # Safety
/// None beyond the other build's: kept `unsafe` so that both builds have one signature.
#[cfg(loom)]
unsafe fn fresh_array<T: Element>(len: usize) -> *mut T {
    let array: Box<[T]> = (0..len).map(|_| T::fresh()).collect();
    Box::into_raw(array).cast::<T>()
}

/// # Safety
/// `array` came from `fresh_array::<T>(len)` and was never published.
#[cfg(loom)]
unsafe fn free_array<T>(array: *mut T, len: usize) {
    // SAFETY: `array` is a `Box<[T]>` of `len` elements made by `fresh_array`.
    drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(array, len)) });
}

/// Makes an array of `len` elements and publishes it in `cell` unless another thread was first.
///
/// # Safety
/// As `fresh_array`.
#[cold]
unsafe fn install<T: Element>(cell: &AtomicPtr<T>, len: usize) -> *mut T {
    // SAFETY: forwarded from the caller.
    let fresh = unsafe { fresh_array::<T>(len) };
    match cell.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => fresh,
        Err(winner) => {
            // SAFETY: `fresh` was made above and never published.
            unsafe { free_array(fresh, len) };
            winner
        }
    }
}

/// One table of segments: the slots, or the payloads beside them.
struct Table<T> {
    /// Directories: arrays of `DIRECTORY_LEN` segment pointers.
    top: [AtomicPtr<AtomicPtr<T>>; TOP_LEN],
}

impl<T: Element> Table<T> {
    #[cfg(not(loom))]
    const fn new() -> Self {
        Table {
            top: [const { AtomicPtr::new(ptr::null_mut()) }; TOP_LEN],
        }
    }

    #[cfg(loom)]
    #[cfg_attr(not(test), allow(dead_code))]
    fn new() -> Self {
        Table {
            top: std::array::from_fn(|_| AtomicPtr::new(ptr::null_mut())),
        }
    }

    /// The element for `index`, or `None` if its segment was never allocated.
    #[inline]
    fn get(&self, index: usize) -> Option<*mut T> {
        let directory = self.top.get(index >> (SEGMENT_BITS + DIRECTORY_BITS))?;
        let directory = directory.load(Ordering::Acquire);
        if directory.is_null() {
            return None;
        }
        // SAFETY: a published directory holds `DIRECTORY_LEN` pointers and is freed only with the
        // registry.
        let cell = unsafe { &*directory.add((index >> SEGMENT_BITS) & (DIRECTORY_LEN - 1)) };
        let segment = cell.load(Ordering::Acquire);
        if segment.is_null() {
            return None;
        }
        // SAFETY: a published segment holds `SEGMENT_LEN` elements and lives as long as the table.
        Some(unsafe { segment.add(index & (SEGMENT_LEN - 1)) })
    }

    /// The element for `index`, allocating its directory and segment if needed.
    ///
    /// # Safety
    /// All-zero bytes must be a valid `T`.
    #[inline]
    unsafe fn get_or_grow(&self, index: usize) -> *mut T {
        if let Some(element) = self.get(index) {
            return element;
        }
        // SAFETY: forwarded from the caller.
        unsafe { self.grow(index) }
    }

    /// # Safety
    /// As `get_or_grow`.
    #[cold]
    unsafe fn grow(&self, index: usize) -> *mut T {
        let Some(cell) = self.top.get(index >> (SEGMENT_BITS + DIRECTORY_BITS)) else {
            // More than `CAPACITY` registrations: nothing sensible can be done but stop.
            crate::sys::failure::fatal(&format!("the registry is full ({CAPACITY} registrations)"));
        };
        let mut directory = cell.load(Ordering::Acquire);
        if directory.is_null() {
            // SAFETY: a directory of null pointers is all-zero bytes.
            directory = unsafe { install(cell, DIRECTORY_LEN) };
        }
        // SAFETY: published directories hold `DIRECTORY_LEN` pointers.
        let cell = unsafe { &*directory.add((index >> SEGMENT_BITS) & (DIRECTORY_LEN - 1)) };
        let mut segment = cell.load(Ordering::Acquire);
        if segment.is_null() {
            // SAFETY: forwarded from the caller.
            segment = unsafe { install(cell, SEGMENT_LEN) };
        }
        // SAFETY: the segment holds `SEGMENT_LEN` elements.
        unsafe { segment.add(index & (SEGMENT_LEN - 1)) }
    }
}

#[cfg(loom)]
impl<T> Drop for Table<T> {
    fn drop(&mut self) {
        for directory in &self.top {
            let directory = directory.load(Ordering::Acquire);
            if directory.is_null() {
                continue;
            }
            for at in 0..DIRECTORY_LEN {
                // SAFETY: a published directory holds `DIRECTORY_LEN` pointers.
                let segment = unsafe { &*directory.add(at) }.load(Ordering::Acquire);
                if !segment.is_null() {
                    // SAFETY: published segments were made by `fresh_array`; the table is going.
                    unsafe { free_array(segment, SEGMENT_LEN) };
                }
            }
            // SAFETY: as above.
            unsafe { free_array(directory, DIRECTORY_LEN) };
        }
    }
}

/// The registry: slots, the payload rooms beside them, and how many slots were handed out.
pub(crate) struct Registry {
    slots: Table<Slot>,
    payloads: Table<Payload>,
    len: AtomicUsize,
    /// In a forked child, the slots below this that were not published at the `fork` never will
    /// be; 0 in a process that was not forked.
    abandoned_below: AtomicUsize,
}

#[cfg(not(loom))]
static GLOBAL: Registry = Registry::new();

/// The process's registry.
#[cfg(not(loom))]
#[inline]
pub(crate) fn global() -> &'static Registry {
    &GLOBAL
}

/// Under loom each model makes its own registry; the process's one is never used.
#[cfg(loom)]
pub(crate) fn global() -> &'static Registry {
    unreachable!("the global registry is not used in loom models")
}

/// The payload room of the registration being made, for a handler that keeps its closure there.
pub(crate) struct Room<'a> {
    registry: &'a Registry,
    index: usize,
}

impl<'a> Room<'a> {
    #[inline]
    pub(crate) fn get(self) -> &'a Payload {
        // SAFETY: all-zero bytes are a valid `Payload` (uninitialised bytes); rooms are never freed
        // while the registry lives.
        unsafe { &*self.registry.payloads.get_or_grow(self.index) }
    }
}

/// A handler taken out of its slot: whoever holds it owns the handler.
pub(crate) struct Owned {
    /// The registration's sequence number.
    pub(crate) index: usize,
    pub(crate) vtable: &'static VTable,
    pub(crate) data: *mut (),
    pub(crate) payload: *mut Payload,
}

impl Owned {
    /// Where the handler was registered.
    pub(crate) fn location(&self) -> &'static Location<'static> {
        // SAFETY: an `Owned` was a published registration of `vtable`.
        unsafe { self.vtable.location(self.data, self.payload) }
    }

    /// Runs the handler, consuming it.
    pub(crate) fn call(self) -> Outcome {
        // SAFETY: an `Owned` owns its registration; `self` is consumed, so it is taken once.
        unsafe { self.vtable.call(self.data, self.payload) }
    }

    /// Drops the handler without running it.
    pub(crate) fn discard(self) {
        // SAFETY: as in `call`.
        unsafe { self.vtable.discard(self.data, self.payload) }
    }
}

/// A registered handler seen without taking it.
pub(crate) struct Peek {
    pub(crate) vtable: &'static VTable,
    pub(crate) location: &'static Location<'static>,
    pub(crate) this_process: bool,
}

/// Where a run is: the ranges of slots still to run, the newest on top, and how many it has seen.
#[derive(Default)]
pub(crate) struct Cursor {
    pending: Vec<Range<usize>>,
    seen: usize,
}

/// How many times a run spins on a slot being published before it says it waits and backs off.
const SPINS: u32 = 64;

/// Waits a little before looking at a slot again: spins first, then yields, then sleeps up to a
/// millisecond, so that a long wait costs no CPU.
fn backoff(attempt: u32) {
    #[cfg(not(loom))]
    {
        if attempt < SPINS {
            spin_loop();
        } else if attempt < SPINS + 1_000 {
            std::thread::yield_now();
        } else {
            let micros = u64::from(attempt - SPINS - 1_000 + 1).min(1_000);
            std::thread::sleep(std::time::Duration::from_micros(micros));
        }
    }
    // Under loom a spin is a yield, which lets the model schedule the registering thread.
    #[cfg(loom)]
    {
        let _ = attempt;
        spin_loop();
    }
}

/// The vtable of a published `meta` word.
fn vtable(meta: usize) -> &'static VTable {
    debug_assert!(meta & !FLAGS != 0);
    // SAFETY: a published `meta` is the address of a `'static` vtable, aligned to 8, with flags in
    // its three low bits.
    unsafe { &*((meta & !FLAGS) as *const VTable) }
}

impl Registry {
    #[cfg(not(loom))]
    const fn new() -> Self {
        Registry {
            slots: Table::new(),
            payloads: Table::new(),
            len: AtomicUsize::new(0),
            abandoned_below: AtomicUsize::new(0),
        }
    }

    /// Used by the models only (each makes its own registry).
    #[cfg(loom)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn new() -> Self {
        Registry {
            slots: Table::new(),
            payloads: Table::new(),
            len: AtomicUsize::new(0),
            abandoned_below: AtomicUsize::new(0),
        }
    }

    #[inline]
    fn slot(&self, index: usize) -> Option<&Slot> {
        // SAFETY: slots live as long as the registry.
        self.slots.get(index).map(|slot| unsafe { &*slot })
    }

    /// The payload room of `index`: it exists if the handler there keeps its closure in it.
    #[inline]
    fn payload(&self, index: usize) -> *mut Payload {
        self.payloads.get(index).unwrap_or(ptr::null_mut())
    }

    /// Appends the handler `pack` makes and returns its sequence number.
    #[inline]
    pub(crate) fn push(&self, pack: impl FnOnce(Room<'_>) -> Packed) -> usize {
        let index = self.len.fetch_add(1, Ordering::Relaxed);
        debug_assert!(index < CAPACITY);
        // SAFETY: all-zero bytes are a valid `Slot`: `meta` 0 (not published) and a null `data`.
        let slot = unsafe { &*self.slots.get_or_grow(index) };
        let Packed { vtable, data } = pack(Room {
            registry: self,
            index,
        });
        slot.data.store(data, Ordering::Relaxed);
        slot.meta
            .store(vtable as *const VTable as usize | LIVE, Ordering::Release);
        index
    }

    /// How many slots have been handed out (some may still be being filled).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    /// The slot's `meta` word, if the registration is published.
    #[inline]
    fn published(&self, index: usize) -> Option<(&Slot, usize)> {
        let slot = self.slot(index)?;
        let meta = slot.meta.load(Ordering::Acquire);
        (meta != 0).then_some((slot, meta))
    }

    /// The slot's `meta` word, waiting for a registration still being made by another thread for
    /// as long as that takes: a registering thread may be preempted, stopped or slow in its
    /// allocator, and its handler must not be lost. `waiting` is told once, before a wait longer
    /// than a few spins. `None` for a slot no thread will ever publish: one whose registering
    /// thread was left behind by `fork` (see `abandon_unpublished`).
    fn await_published(
        &self,
        index: usize,
        waiting: &mut dyn FnMut(usize),
    ) -> Option<(&Slot, usize)> {
        let mut attempt = 0u32;
        loop {
            if let Some(published) = self.published(index) {
                return Some(published);
            }
            if index < self.abandoned_below.load(Ordering::Acquire) {
                return None;
            }
            if attempt == SPINS {
                waiting(index);
            }
            backoff(attempt);
            attempt = attempt.saturating_add(1);
        }
    }

    /// In a forked child: no thread of this process will publish a slot that was handed out but not
    /// yet published when `fork` copied the registry (its registering thread stayed in the parent),
    /// so a run skips such slots instead of waiting for them. Only atomic loads and stores: it runs
    /// in the child of `fork`.
    #[cfg_attr(any(not(unix), loom), allow(dead_code))]
    pub(crate) fn abandon_unpublished(&self) {
        self.abandoned_below
            .store(self.len.load(Ordering::Acquire), Ordering::Release);
    }

    #[inline]
    fn leave_live_at(&self, slot: &Slot, meta: usize, index: usize, to: usize) -> Option<Owned> {
        if meta & STATE != LIVE {
            return None;
        }
        slot.meta
            .compare_exchange(meta, meta | to, Ordering::AcqRel, Ordering::Relaxed)
            .ok()?;
        Some(Owned {
            index,
            vtable: vtable(meta),
            data: slot.data.load(Ordering::Relaxed),
            payload: self.payload(index),
        })
    }

    /// Takes the handler at `index` to run it, if it is still registered, waiting for it to be
    /// published if its registration is still being made.
    #[inline]
    fn take(&self, index: usize, waiting: &mut dyn FnMut(usize)) -> Option<Owned> {
        let (slot, meta) = self.await_published(index, waiting)?;
        self.leave_live_at(slot, meta, index, TAKEN)
    }

    /// Unregisters the handler at `index`; true if it was still registered. The registration was
    /// published before its `Registration` existed, so there is nothing to wait for.
    pub(crate) fn remove(&self, index: usize) -> bool {
        let owned = self
            .published(index)
            .and_then(|(slot, meta)| self.leave_live_at(slot, meta, index, REMOVED));
        match owned {
            Some(owned) => {
                owned.discard();
                true
            }
            None => false,
        }
    }

    /// The next handler a run takes: the newest registration not yet run, including those made
    /// since the run started. A registration still being made is waited for (`waiting` is told
    /// which slot it waits for), not skipped.
    #[inline]
    pub(crate) fn next(
        &self,
        cursor: &mut Cursor,
        mut waiting: impl FnMut(usize),
    ) -> Option<Owned> {
        loop {
            let len = self.len();
            if len > cursor.seen {
                cursor.pending.push(cursor.seen..len);
                cursor.seen = len;
            }
            let range = cursor.pending.last_mut()?;
            match range.next_back() {
                Some(index) => {
                    if let Some(handler) = self.take(index, &mut waiting) {
                        return Some(handler);
                    }
                }
                None => {
                    cursor.pending.pop();
                }
            }
        }
    }

    /// The slot at `index` and its `meta` word, if it is published and still registered.
    fn live_slot(&self, index: usize) -> Option<(&Slot, usize)> {
        self.published(index)
            .filter(|&(_, meta)| meta & STATE == LIVE)
    }

    fn live_vtable(&self, index: usize) -> Option<&'static VTable> {
        self.live_slot(index).map(|(_, meta)| vtable(meta))
    }

    /// Unregisters every handler for which `matches` holds; returns how many.
    pub(crate) fn remove_where(&self, mut matches: impl FnMut(&VTable) -> bool) -> usize {
        (0..self.len())
            .filter(|&index| {
                self.live_vtable(index).is_some_and(&mut matches) && self.remove(index)
            })
            .count()
    }

    /// How many handlers are registered and have not run.
    pub(crate) fn live(&self) -> usize {
        (0..self.len())
            .filter(|&index| self.live_vtable(index).is_some())
            .count()
    }

    /// The handler at `index`, if it is published and still registered.
    pub(crate) fn peek(&self, index: usize) -> Option<Peek> {
        let (slot, meta) = self.live_slot(index)?;
        let vtable = vtable(meta);
        // SAFETY: the data word and the room belong to this published registration; a location
        // stays readable after the handler is taken.
        let location =
            unsafe { vtable.location(slot.data.load(Ordering::Relaxed), self.payload(index)) };
        Some(Peek {
            vtable,
            location,
            this_process: meta & THIS_PROCESS != 0,
        })
    }

    /// Marks the handler at `index` to run only in this process; false if it is no longer
    /// registered.
    pub(crate) fn mark_this_process(&self, index: usize) -> bool {
        // Published before its `Registration` existed: nothing to wait for.
        let Some((slot, mut meta)) = self.published(index) else {
            return false;
        };
        loop {
            if meta & STATE != LIVE {
                return false;
            }
            match slot.meta.compare_exchange_weak(
                meta,
                meta | THIS_PROCESS,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    ANY_THIS_PROCESS.store(true, Ordering::SeqCst);
                    return true;
                }
                Err(now) => meta = now,
            }
        }
    }

    /// In a forked child, on the forking thread before `fork` returns: what the child must not
    /// inherit is dropped (the handlers marked this-process-only), and what it will never see
    /// published is skipped from now on (see `abandon_unpublished`). Only atomic loads and stores.
    #[cfg_attr(any(not(unix), loom), allow(dead_code))]
    pub(crate) fn in_forked_child(&self) {
        if ANY_THIS_PROCESS.load(Ordering::SeqCst) {
            self.forget_this_process_handlers();
        }
        self.abandon_unpublished();
    }

    /// In a forked child: drops every handler marked `THIS_PROCESS` from the registry, without
    /// running or dropping it (its destructor might remove what belongs to the parent). Only
    /// atomic loads and stores: it runs in the child of `fork`, where only async-signal-safe code
    /// may run.
    #[cfg_attr(any(not(unix), loom), allow(dead_code))]
    pub(crate) fn forget_this_process_handlers(&self) {
        for index in 0..self.len() {
            let Some(slot) = self.slot(index) else {
                continue;
            };
            let meta = slot.meta.load(Ordering::Acquire);
            if meta & THIS_PROCESS != 0 && meta & STATE == LIVE {
                slot.meta.store(meta | REMOVED, Ordering::Release);
            }
        }
    }
}

#[cfg(all(test, loom))]
#[path = "loom_tests.rs"]
mod loom_tests;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize as Count;
    use std::sync::Arc;

    fn push_counter(registry: &Registry, runs: &Arc<Count>) -> usize {
        let runs = Arc::clone(runs);
        let f = move || {
            runs.fetch_add(1, Ordering::SeqCst);
        };
        registry.push(|room| {
            crate::registry::payload::pack::<(), _, (), false>(f, Location::caller(), || room.get())
        })
    }

    #[test]
    fn a_slot_left_unpublished_by_fork_is_skipped_without_waiting() {
        let registry = Registry::new();
        let runs = Arc::new(Count::new(0));
        push_counter(&registry, &runs);
        // A registration whose thread stayed in the parent: its number was handed out, and its
        // slot will never be published.
        let lost = registry.len.fetch_add(1, Ordering::Relaxed);
        push_counter(&registry, &runs);
        registry.abandon_unpublished();
        let mut waited = Vec::new();
        let mut cursor = Cursor::default();
        while let Some(handler) = registry.next(&mut cursor, |index| waited.push(index)) {
            assert!(handler.call().is_ok());
        }
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        assert_eq!(waited, [] as [usize; 0], "slot {lost} was waited for");
        assert_eq!(registry.live(), 0);
    }

    #[test]
    fn a_slot_being_published_is_waited_for_and_run() {
        let registry = Arc::new(Registry::new());
        let runs = Arc::new(Count::new(0));
        // Handed out, published only after the run started waiting for it.
        let index = registry.len.fetch_add(1, Ordering::Relaxed);
        let (waiting_tx, waiting_rx) = std::sync::mpsc::channel();
        let publisher = {
            let (registry, runs) = (Arc::clone(&registry), Arc::clone(&runs));
            std::thread::spawn(move || {
                waiting_rx.recv().unwrap();
                std::thread::sleep(std::time::Duration::from_millis(200));
                // SAFETY: all-zero bytes are a valid `Slot`.
                let slot = unsafe { &*registry.slots.get_or_grow(index) };
                let f = move || {
                    runs.fetch_add(1, Ordering::SeqCst);
                };
                let room = Room {
                    registry: &registry,
                    index,
                };
                let packed = crate::registry::payload::pack::<(), _, (), false>(
                    f,
                    Location::caller(),
                    || room.get(),
                );
                slot.data.store(packed.data, Ordering::Relaxed);
                slot.meta
                    .store(packed.vtable as *const VTable as usize, Ordering::Release);
            })
        };
        let mut cursor = Cursor::default();
        let mut waited = Vec::new();
        let handler = registry.next(&mut cursor, |index| {
            waited.push(index);
            waiting_tx.send(()).unwrap();
        });
        assert!(handler.expect("the slot is waited for").call().is_ok());
        publisher.join().unwrap();
        assert_eq!(waited, [index]);
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
