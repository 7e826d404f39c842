//! The run-time registry: an append-only array of slots that registration fills without a lock.
//!
//! Slot `i` is the `i`-th registration ever made, so its index is its registration sequence. The
//! array grows by segments that double in size and never move; a slot is 16 bytes. A slot's `meta`
//! word is 0 until its registration is published, then the vtable address with the slot's state in
//! the two low bits. Leaving the `LIVE` state is a compare-and-swap, so exactly one of running,
//! unregistering and clearing gets each handler.

use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use crate::payload::{Packed, VTable};

const LIVE: usize = 0;
const TAKEN: usize = 1;
const REMOVED: usize = 2;
const STATE: usize = 0b11;

const FIRST_SHIFT: u32 = 5;
const SEGMENTS: usize = (usize::BITS - FIRST_SHIFT) as usize;

struct Slot {
    meta: AtomicUsize,
    data: AtomicPtr<()>,
}

static SEGMENT: [AtomicPtr<Slot>; SEGMENTS] = [const { AtomicPtr::new(ptr::null_mut()) }; SEGMENTS];
static LEN: AtomicUsize = AtomicUsize::new(0);

/// Segment `s` holds `32 << s` slots, starting at index `32 * (2^s - 1)`.
#[inline]
fn position(index: usize) -> (usize, usize) {
    let biased = index + (1 << FIRST_SHIFT);
    let top = usize::BITS - 1 - biased.leading_zeros();
    ((top - FIRST_SHIFT) as usize, biased - (1 << top))
}

#[inline]
fn segment_len(segment: usize) -> usize {
    1 << (segment as u32 + FIRST_SHIFT)
}

#[inline]
fn slot(index: usize) -> Option<&'static Slot> {
    let (segment, offset) = position(index);
    let base = SEGMENT[segment].load(Ordering::Acquire);
    if base.is_null() {
        return None;
    }
    // SAFETY: a published segment is a leaked allocation of `segment_len(segment)` slots, never
    // freed, and `offset < segment_len(segment)` by construction of `position`.
    Some(unsafe { &*base.add(offset) })
}

#[cold]
fn grow(segment: usize) -> *mut Slot {
    let fresh: Box<[Slot]> = (0..segment_len(segment))
        .map(|_| Slot {
            meta: AtomicUsize::new(0),
            data: AtomicPtr::new(ptr::null_mut()),
        })
        .collect();
    let fresh = Box::into_raw(fresh).cast::<Slot>();
    match SEGMENT[segment].compare_exchange(
        ptr::null_mut(),
        fresh,
        Ordering::AcqRel,
        Ordering::Acquire,
    ) {
        Ok(_) => fresh,
        Err(winner) => {
            let len = segment_len(segment);
            // SAFETY: `fresh` came from `Box::into_raw` of a boxed slice of `len` slots above and was
            // never published, so this thread still owns it.
            drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(fresh, len)) });
            winner
        }
    }
}

/// Appends a handler and returns its sequence number.
#[inline]
pub(crate) fn push(packed: Packed) -> usize {
    let index = LEN.fetch_add(1, Ordering::Relaxed);
    let slot = match slot(index) {
        Some(slot) => slot,
        None => {
            let (segment, offset) = position(index);
            // SAFETY: `grow` returns a published segment of `segment_len(segment)` slots, and
            // `offset` is within it.
            unsafe { &*grow(segment).add(offset) }
        }
    };
    slot.data.store(packed.data, Ordering::Relaxed);
    slot.meta.store(
        packed.vtable as *const VTable as usize | LIVE,
        Ordering::Release,
    );
    index
}

/// How many slots have been handed out (some may still be being filled).
#[inline]
pub(crate) fn len() -> usize {
    LEN.load(Ordering::Acquire)
}

/// The slot's `meta` word, waiting briefly for a registration still being written by another thread.
fn published(index: usize) -> Option<(&'static Slot, usize)> {
    // A registration is two stores after its index was handed out; a thread that never publishes was
    // lost (the child of a `fork` taken mid-registration), and waiting on it must not hang the exit.
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

fn leave_live(index: usize, to: usize) -> Option<Packed> {
    let (slot, meta) = published(index)?;
    if meta & STATE != LIVE {
        return None;
    }
    slot.meta
        .compare_exchange(meta, meta | to, Ordering::AcqRel, Ordering::Relaxed)
        .ok()?;
    // SAFETY: `meta` is a published vtable address (the state bits were `LIVE`, i.e. zero), and
    // vtables are `'static`.
    let vtable = unsafe { &*(meta as *const VTable) };
    Some(Packed {
        vtable,
        data: slot.data.load(Ordering::Relaxed),
    })
}

/// Takes the handler at `index` to run it, if it is still registered.
pub(crate) fn take(index: usize) -> Option<Packed> {
    leave_live(index, TAKEN)
}

/// Unregisters the handler at `index`; true if it was still registered.
pub(crate) fn remove(index: usize) -> bool {
    match leave_live(index, REMOVED) {
        Some(packed) => {
            packed.discard();
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
    // SAFETY: as in `leave_live`.
    Some(unsafe { &*(meta as *const VTable) })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_cover_every_index_once() {
        let mut expected = (0, 0);
        for index in 0..10_000 {
            assert_eq!(position(index), expected, "index {index}");
            expected.1 += 1;
            if expected.1 == segment_len(expected.0) {
                expected = (expected.0 + 1, 0);
            }
        }
    }

    #[test]
    fn last_index_fits_the_last_segment() {
        let (segment, offset) = position(usize::MAX - 32);
        assert_eq!(segment, SEGMENTS - 1);
        assert!(offset < segment_len(segment));
    }
}
