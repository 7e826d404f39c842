//! How a run-time handler is stored: a vtable for its type, one word of data, and for a small
//! closure the 16 bytes of payload room beside its slot.
//!
//! - A function item or a closure that captures nothing is zero-sized: it is stored as nothing at
//!   all, and the data word holds the registration's `&'static Location`.
//! - A closure of up to 16 bytes (alignment up to 8) is moved into the payload room; the data word
//!   holds the location.
//! - Anything larger is boxed; the location goes in the payload room.
//!
//! So the location of a published registration is always in memory that is never freed, and can be
//! read while another thread takes the handler.

use std::any::{type_name, TypeId};
use std::marker::PhantomData;
use std::mem::{self, align_of, size_of, MaybeUninit};
use std::panic::Location;
use std::ptr::NonNull;

use crate::registry::handler::{IntoOutcome, Outcome};
use crate::registry::sync::UnsafeCell;

/// What the runtime knows of one handler type: `K` names it (for `unregister` and reports), `F` is
/// what is called. Aligned to 8 so that a slot can keep three flag bits in a vtable's address.
#[repr(align(8))]
pub(crate) struct VTable {
    pub(crate) type_id: fn() -> TypeId,
    pub(crate) name: fn() -> &'static str,
    /// The handler is a future registered as it is (`register_async`), so that one of no name of
    /// its own is called an async block, not a closure.
    pub(crate) future: bool,
    location: unsafe fn(*mut (), *mut Payload) -> &'static Location<'static>,
    call: unsafe fn(*mut (), *mut Payload) -> Outcome,
    discard: unsafe fn(*mut (), *mut Payload),
}

/// Room for a closure of up to 16 bytes, aligned to 8, kept beside its slot in place of a box. The
/// registry allocates and keeps the rooms; what is in one is this module's business.
#[repr(C, align(8))]
pub(crate) struct Payload(pub(crate) UnsafeCell<MaybeUninit<[u8; 16]>>);

impl Payload {
    /// Moves `value` into the room.
    ///
    /// # Safety
    /// `T` fits (at most 16 bytes, alignment at most 8), and nothing else accesses the room now.
    #[inline]
    unsafe fn write<T>(&self, value: T) {
        // SAFETY: forwarded from the caller.
        self.0
            .with_mut(|room| unsafe { room.cast::<T>().write(value) });
    }

    /// Moves a `T` out of the room.
    ///
    /// # Safety
    /// A `T` was written and not yet moved out (or `T` is `Copy`), and nothing writes the room now.
    #[inline]
    unsafe fn read<T>(&self) -> T {
        // SAFETY: forwarded from the caller.
        self.0.with(|room| unsafe { room.cast::<T>().read() })
    }
}

/// A handler ready for its slot.
pub(crate) struct Packed {
    pub(crate) vtable: &'static VTable,
    pub(crate) data: *mut (),
}

#[derive(PartialEq, Eq)]
enum Storage {
    Nothing,
    Room,
    Box,
}

struct Of<K, F, R, const FUTURE: bool>(PhantomData<fn(K, F) -> R>);

impl<K, F, R, const FUTURE: bool> Of<K, F, R, FUTURE>
where
    K: 'static,
    F: FnOnce() -> R + Send + 'static,
    R: IntoOutcome,
{
    const VTABLE: &'static VTable = &VTable {
        type_id: TypeId::of::<K>,
        name: type_name::<K>,
        future: FUTURE,
        location: Self::location,
        call: Self::call,
        discard: Self::discard,
    };

    const STORAGE: Storage = if size_of::<F>() == 0 {
        Storage::Nothing
    } else if size_of::<F>() <= size_of::<Payload>() && align_of::<F>() <= align_of::<Payload>() {
        Storage::Room
    } else {
        Storage::Box
    };

    #[inline]
    fn pack<'a>(
        f: F,
        location: &'static Location<'static>,
        room: impl FnOnce() -> &'a Payload,
    ) -> Packed {
        let location_word = (location as *const Location<'static>).cast_mut().cast();
        let data = match Self::STORAGE {
            Storage::Nothing => {
                // A zero-sized value has no bytes to keep: `take` makes it again, once.
                mem::forget(f);
                location_word
            }
            Storage::Room => {
                // SAFETY: `STORAGE` checked that `F` fits the room, which belongs to this
                // registration alone until it is published.
                unsafe { room().write(f) };
                location_word
            }
            Storage::Box => {
                // SAFETY: as above; a boxed handler leaves the room free for its location.
                unsafe { room().write(location) };
                Box::into_raw(Box::new(f)).cast()
            }
        };
        Packed {
            vtable: Self::VTABLE,
            data,
        }
    }

    /// # Safety
    /// `data` and `payload` belong to a registration packed by `pack` for this `F` whose handler has
    /// not been taken yet; the caller owns it, and it is taken now.
    unsafe fn take(data: *mut (), payload: *mut Payload) -> F {
        match Self::STORAGE {
            // SAFETY: `F` is zero-sized, so a dangling, aligned pointer is valid for reading it; the
            // value `pack` forgot is made again exactly once, because the caller owns it.
            Storage::Nothing => unsafe { NonNull::<F>::dangling().as_ptr().read() },
            // SAFETY: `pack` moved an `F` into this room, and it has not been moved out.
            Storage::Room => unsafe { (*payload).read::<F>() },
            // SAFETY: `pack` made `data` with `Box::into_raw` of a `Box<F>`.
            Storage::Box => unsafe { *Box::from_raw(data.cast::<F>()) },
        }
    }

    /// # Safety
    /// `data` and `payload` belong to a published registration packed by `pack` for this `F`; it
    /// may have been taken since (the location is never moved or freed).
    unsafe fn location(data: *mut (), payload: *mut Payload) -> &'static Location<'static> {
        match Self::STORAGE {
            // SAFETY: `pack` stored a `&'static Location` in the data word.
            Storage::Nothing | Storage::Room => unsafe { &*data.cast::<Location<'static>>() },
            // SAFETY: `pack` wrote the location into the room, which nothing writes again; a
            // reference is `Copy`.
            Storage::Box => unsafe { (*payload).read::<&'static Location<'static>>() },
        }
    }

    /// # Safety
    /// As `take`.
    unsafe fn call(data: *mut (), payload: *mut Payload) -> Outcome {
        // SAFETY: forwarded from the caller.
        let f = unsafe { Self::take(data, payload) };
        f().into_run_outcome()
    }

    /// # Safety
    /// As `take`.
    unsafe fn discard(data: *mut (), payload: *mut Payload) {
        // SAFETY: forwarded from the caller.
        drop(unsafe { Self::take(data, payload) });
    }
}

/// Packs `f`, known to `unregister` and to reports as `K` (a future registered as it is if
/// `FUTURE`); `room` gives the payload room of the registration being made, the first time it is
/// needed.
#[inline]
pub(crate) fn pack<'a, K, F, R, const FUTURE: bool>(
    f: F,
    location: &'static Location<'static>,
    room: impl FnOnce() -> &'a Payload,
) -> Packed
where
    K: 'static,
    F: FnOnce() -> R + Send + 'static,
    R: IntoOutcome,
{
    Of::<K, F, R, FUTURE>::pack(f, location, room)
}

impl VTable {
    /// Where the registration of `data` and `payload` was made.
    ///
    /// # Safety
    /// `data` and `payload` belong to one published registration of this vtable (taken or not).
    pub(crate) unsafe fn location(
        &self,
        data: *mut (),
        payload: *mut Payload,
    ) -> &'static Location<'static> {
        // SAFETY: forwarded from the caller.
        unsafe { (self.location)(data, payload) }
    }

    /// Runs the handler of `data` and `payload`, consuming it.
    ///
    /// # Safety
    /// They belong to a registration of this vtable that the caller took out of its slot and owns;
    /// it is consumed, so it must not be used again.
    pub(crate) unsafe fn call(&self, data: *mut (), payload: *mut Payload) -> Outcome {
        // SAFETY: forwarded from the caller.
        unsafe { (self.call)(data, payload) }
    }

    /// Drops the handler of `data` and `payload` without running it.
    ///
    /// # Safety
    /// As `call`.
    pub(crate) unsafe fn discard(&self, data: *mut (), payload: *mut Payload) {
        // SAFETY: forwarded from the caller.
        unsafe { (self.discard)(data, payload) }
    }
}
