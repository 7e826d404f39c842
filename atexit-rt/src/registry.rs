//! The run-time registry: an append-only array of slots that registration fills without a lock.
//!
//! Slot `i` is the `i`-th registration ever made, so its index is its registration sequence. Slots
//! live in segments of 1,024 that never move, found through a two-level directory; a slot is 16
//! bytes. A closure of up to 16 bytes is kept beside its slot in a parallel segment of payloads,
//! allocated only for segments that hold such a closure. A slot's `meta` word is 0 until its
//! registration is published, then the vtable address with the slot's state in the two low bits
//! and the `THIS_PROCESS` mark in the third. Leaving the `LIVE` state is a compare-and-swap, so
//! exactly one of running, unregistering and clearing gets each handler.

use std::alloc::{self, Layout};
use std::cell::UnsafeCell;
use std::mem::MaybeUninit;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use std::panic::Location;

use crate::payload::{self, Packed, VTable};

const LIVE: usize = 0;
const TAKEN: usize = 1;
const REMOVED: usize = 2;
const STATE: usize = 0b11;
/// The handler runs only in the process that registered it, not in a forked child.
const THIS_PROCESS: usize = 0b100;
const FLAGS: usize = STATE | THIS_PROCESS;

const SEGMENT_BITS: u32 = 10;
const DIRECTORY_BITS: u32 = 10;
const SEGMENT_LEN: usize = 1 << SEGMENT_BITS;
const DIRECTORY_LEN: usize = 1 << DIRECTORY_BITS;
const TOP_LEN: usize = 1 << 12;
/// 2^32 registrations; at 16 bytes each that is 64 GiB.
const CAPACITY: usize = TOP_LEN * DIRECTORY_LEN * SEGMENT_LEN;

#[repr(C)]
struct Slot {
    meta: AtomicUsize,
    data: AtomicPtr<()>,
}

/// Room for a closure of up to 16 bytes, aligned to 8, stored in place of a box.
#[repr(C, align(8))]
pub(crate) struct Payload(UnsafeCell<MaybeUninit<[u8; 16]>>);

/// Segment pointers for 2^20 registrations.
type Directory<T> = [AtomicPtr<T>; DIRECTORY_LEN];

/// One table of segments: the slots, or the payloads beside them.
struct Table<T> {
    top: [AtomicPtr<Directory<T>>; TOP_LEN],
}

static SLOTS: Table<Slot> = Table::new();
static PAYLOADS: Table<Payload> = Table::new();
static LEN: AtomicUsize = AtomicUsize::new(0);

/// Allocates `layout` zeroed and publishes it in `cell` unless another thread was first.
///
/// # Safety
/// All-zero bytes must be a valid `T` for every element the layout holds.
#[cold]
unsafe fn install<T>(cell: &AtomicPtr<T>, layout: Layout) -> *mut T {
    // SAFETY: every layout used here is non-empty.
    let fresh = unsafe { alloc::alloc_zeroed(layout) }.cast::<T>();
    if fresh.is_null() {
        alloc::handle_alloc_error(layout);
    }
    match cell.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => fresh,
        Err(winner) => {
            // SAFETY: `fresh` was allocated above with `layout` and never published.
            unsafe { alloc::dealloc(fresh.cast(), layout) };
            winner
        }
    }
}

impl<T> Table<T> {
    const fn new() -> Self {
        Table {
            top: [const { AtomicPtr::new(ptr::null_mut()) }; TOP_LEN],
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
        // SAFETY: a published directory is a leaked, never-freed allocation.
        let directory = unsafe { &*directory };
        let segment =
            directory[(index >> SEGMENT_BITS) & (DIRECTORY_LEN - 1)].load(Ordering::Acquire);
        if segment.is_null() {
            return None;
        }
        // SAFETY: a published segment holds `SEGMENT_LEN` elements and is never freed.
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
            // More than 2^32 registrations: nothing sensible can be done but stop.
            crate::report::fatal("the registry is full (2^32 registrations)");
        };
        let mut directory = cell.load(Ordering::Acquire);
        if directory.is_null() {
            // SAFETY: a directory of null pointers is all-zero bytes.
            directory = unsafe { install(cell, Layout::new::<Directory<T>>()) };
        }
        // SAFETY: published directories are never freed.
        let cell = unsafe { &(*directory)[(index >> SEGMENT_BITS) & (DIRECTORY_LEN - 1)] };
        let mut segment = cell.load(Ordering::Acquire);
        if segment.is_null() {
            let layout = Layout::array::<T>(SEGMENT_LEN).expect("a segment's size fits");
            // SAFETY: forwarded from the caller.
            segment = unsafe { install(cell, layout) };
        }
        // SAFETY: the segment holds `SEGMENT_LEN` elements.
        unsafe { segment.add(index & (SEGMENT_LEN - 1)) }
    }
}

#[inline]
fn slot(index: usize) -> Option<&'static Slot> {
    // SAFETY: slots are never freed.
    SLOTS.get(index).map(|slot| unsafe { &*slot })
}

/// The payload room of the registration being made, for a handler that keeps its closure there.
pub(crate) struct Room(usize);

impl Room {
    #[inline]
    pub(crate) fn get(self) -> *mut Payload {
        // SAFETY: all-zero bytes are a valid `Payload` (uninitialised bytes).
        unsafe { PAYLOADS.get_or_grow(self.0) }
    }
}

/// Appends the handler `pack` makes and returns its sequence number.
#[inline]
pub(crate) fn push(pack: impl FnOnce(Room) -> Packed) -> usize {
    let index = LEN.fetch_add(1, Ordering::Relaxed);
    debug_assert!(index < CAPACITY);
    // SAFETY: all-zero bytes are a valid `Slot`: `meta` 0 (not published) and a null `data`.
    let slot = unsafe { &*SLOTS.get_or_grow(index) };
    let Packed { vtable, data } = pack(Room(index));
    slot.data.store(data, Ordering::Relaxed);
    slot.meta
        .store(vtable as *const VTable as usize | LIVE, Ordering::Release);
    index
}

/// The payload room of `index`: it exists if the handler there keeps its closure in it.
fn payload(index: usize) -> *mut Payload {
    PAYLOADS.get(index).unwrap_or(ptr::null_mut())
}

/// How many slots have been handed out (some may still be being filled).
#[inline]
pub(crate) fn len() -> usize {
    LEN.load(Ordering::Acquire)
}

/// The slot's `meta` word, waiting briefly for a registration still being written by another thread.
fn published(index: usize) -> Option<(&'static Slot, usize)> {
    // A registration is a few stores after its index was handed out; a thread that never publishes
    // was lost (the child of a `fork` taken mid-registration), and waiting on it must not hang exit.
    for attempt in 0..100_000u32 {
        if let Some(slot) = slot(index) {
            let meta = slot.meta.load(Ordering::Acquire);
            if meta != 0 {
                return Some((slot, meta));
            }
        }
        if attempt < 64 {
            std::hint::spin_loop();
        } else {
            std::thread::yield_now();
        }
    }
    None
}

/// A handler taken out of its slot: whoever holds it owns the handler.
pub(crate) struct Owned {
    pub(crate) vtable: &'static VTable,
    pub(crate) data: *mut (),
    pub(crate) payload: *mut Payload,
}

/// The vtable of a published `meta` word.
fn vtable(meta: usize) -> &'static VTable {
    debug_assert!(meta & !FLAGS != 0);
    // SAFETY: a published `meta` is the address of a `'static` vtable, aligned to 8, with flags in
    // its three low bits.
    unsafe { &*((meta & !FLAGS) as *const VTable) }
}

fn leave_live(index: usize, to: usize) -> Option<Owned> {
    let (slot, meta) = published(index)?;
    if meta & STATE != LIVE {
        return None;
    }
    slot.meta
        .compare_exchange(meta, meta | to, Ordering::AcqRel, Ordering::Relaxed)
        .ok()?;
    let vtable = vtable(meta);
    Some(Owned {
        vtable,
        data: slot.data.load(Ordering::Relaxed),
        payload: payload(index),
    })
}

/// Takes the handler at `index` to run it, if it is still registered.
pub(crate) fn take(index: usize) -> Option<Owned> {
    leave_live(index, TAKEN)
}

/// Unregisters the handler at `index`; true if it was still registered.
pub(crate) fn remove(index: usize) -> bool {
    match leave_live(index, REMOVED) {
        Some(owned) => {
            owned.discard();
            true
        }
        None => false,
    }
}

fn live_vtable(index: usize) -> Option<&'static VTable> {
    let meta = slot(index)?.meta.load(Ordering::Acquire);
    if meta == 0 || meta & STATE != LIVE {
        return None;
    }
    Some(vtable(meta))
}

/// A registered handler seen without taking it.
pub(crate) struct Peek {
    pub(crate) vtable: &'static VTable,
    pub(crate) location: &'static Location<'static>,
    pub(crate) this_process: bool,
}

/// The handler at `index`, if it is published and still registered.
pub(crate) fn peek(index: usize) -> Option<Peek> {
    let slot = slot(index)?;
    let meta = slot.meta.load(Ordering::Acquire);
    if meta == 0 || meta & STATE != LIVE {
        return None;
    }
    let vtable = vtable(meta);
    // SAFETY: the data word and the room belong to this published registration; a location stays
    // readable after the handler is taken.
    let location =
        unsafe { payload::location(vtable, slot.data.load(Ordering::Relaxed), payload(index)) };
    Some(Peek {
        vtable,
        location,
        this_process: meta & THIS_PROCESS != 0,
    })
}

/// Marks the handler at `index` to run only in this process; false if it is no longer registered.
pub(crate) fn mark_this_process(index: usize) -> bool {
    let Some((slot, mut meta)) = published(index) else {
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
            Ok(_) => return true,
            Err(now) => meta = now,
        }
    }
}

/// In a forked child: drops every handler marked `THIS_PROCESS` from the registry, without running
/// or dropping it (its destructor might remove what belongs to the parent). Only atomic loads and
/// stores: it runs in the child of `fork`, where only async-signal-safe code may run.
pub(crate) fn forget_this_process_handlers() {
    for index in 0..LEN.load(Ordering::Acquire) {
        let Some(slot) = slot(index) else { continue };
        let meta = slot.meta.load(Ordering::Acquire);
        if meta & THIS_PROCESS != 0 && meta & STATE == LIVE {
            slot.meta.store(meta | REMOVED, Ordering::Release);
        }
    }
}

/// Unregisters every handler for which `matches` holds; returns how many.
pub(crate) fn remove_where(mut matches: impl FnMut(&VTable) -> bool) -> usize {
    (0..len())
        .filter(|&index| live_vtable(index).is_some_and(&mut matches) && remove(index))
        .count()
}

/// How many handlers are registered and have not run.
pub(crate) fn live() -> usize {
    (0..len())
        .filter(|&index| live_vtable(index).is_some())
        .count()
}
