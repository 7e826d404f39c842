//! How a run-time handler is stored in a registry slot: a vtable for its type and one word of data.
//!
//! A function item or a non-capturing closure is zero-sized: it is stored as nothing at all, and the
//! data word holds the registration's `&'static Location`. Anything larger is boxed together with
//! its location.

use std::any::{type_name, TypeId};
use std::marker::PhantomData;
use std::mem;
use std::panic::Location;
use std::ptr::NonNull;

use crate::handler::{HandlerResult, Outcome};

/// What the runtime knows of one handler type: `K` names it (for `unregister` and reports), `F` is
/// what is called.
pub(crate) struct VTable {
    pub(crate) type_id: fn() -> TypeId,
    pub(crate) name: fn() -> &'static str,
    location: unsafe fn(*mut ()) -> &'static Location<'static>,
    call: unsafe fn(*mut ()) -> Outcome,
    discard: unsafe fn(*mut ()),
}

struct Boxed<F> {
    location: &'static Location<'static>,
    f: F,
}

struct Of<K, F, R>(PhantomData<fn(K, F) -> R>);

impl<K, F, R> Of<K, F, R>
where
    K: 'static,
    F: FnOnce() -> R + Send + 'static,
    R: HandlerResult,
{
    const VTABLE: &'static VTable = &VTable {
        type_id: TypeId::of::<K>,
        name: type_name::<K>,
        location: Self::location,
        call: Self::call,
        discard: Self::discard,
    };

    const INLINE: bool = mem::size_of::<F>() == 0;

    fn pack(f: F, location: &'static Location<'static>) -> *mut () {
        if Self::INLINE {
            // A zero-sized value has no bytes to keep: `take` makes it again, once.
            mem::forget(f);
            (location as *const Location<'static>).cast_mut().cast()
        } else {
            Box::into_raw(Box::new(Boxed { location, f })).cast()
        }
    }

    /// # Safety
    /// `data` comes from `pack` for this `F` and has not been taken yet; it is taken now.
    unsafe fn take(data: *mut ()) -> F {
        if Self::INLINE {
            // SAFETY: `F` is zero-sized, so a dangling, aligned pointer is valid for reading it; the
            // value `pack` forgot is made again exactly once, because the caller owns the slot.
            unsafe { NonNull::<F>::dangling().as_ptr().read() }
        } else {
            // SAFETY: `pack` made `data` with `Box::into_raw` of a `Boxed<F>`, and the caller owns it.
            unsafe { Box::from_raw(data.cast::<Boxed<F>>()).f }
        }
    }

    /// # Safety
    /// `data` comes from `pack` for this `F` and has not been taken yet.
    unsafe fn location(data: *mut ()) -> &'static Location<'static> {
        if Self::INLINE {
            // SAFETY: `pack` stored a `&'static Location` in the data word.
            unsafe { &*data.cast::<Location<'static>>() }
        } else {
            // SAFETY: `data` points to a live `Boxed<F>` (not taken yet).
            unsafe { (*data.cast::<Boxed<F>>()).location }
        }
    }

    /// # Safety
    /// As `take`.
    unsafe fn call(data: *mut ()) -> Outcome {
        // SAFETY: forwarded from the caller.
        let f = unsafe { Self::take(data) };
        f().into_outcome()
    }

    /// # Safety
    /// As `take`.
    unsafe fn discard(data: *mut ()) {
        // SAFETY: forwarded from the caller.
        drop(unsafe { Self::take(data) });
    }
}

/// A handler packed for a registry slot.
pub(crate) struct Packed {
    pub(crate) vtable: &'static VTable,
    pub(crate) data: *mut (),
}

/// Packs `f`, known to `unregister` and to reports as `K`.
pub(crate) fn pack<K, F, R>(f: F, location: &'static Location<'static>) -> Packed
where
    K: 'static,
    F: FnOnce() -> R + Send + 'static,
    R: HandlerResult,
{
    Packed {
        vtable: Of::<K, F, R>::VTABLE,
        data: Of::<K, F, R>::pack(f, location),
    }
}

impl Packed {
    /// Where the handler was registered.
    pub(crate) fn location(&self) -> &'static Location<'static> {
        // SAFETY: a `Packed` owns its data until `call` or `discard` consumes it.
        unsafe { (self.vtable.location)(self.data) }
    }

    /// Runs the handler, consuming it.
    pub(crate) fn call(self) -> Outcome {
        // SAFETY: a `Packed` owns its data; `self` is consumed, so it is taken once.
        unsafe { (self.vtable.call)(self.data) }
    }

    /// Drops the handler without running it.
    pub(crate) fn discard(self) {
        // SAFETY: as in `call`.
        unsafe { (self.vtable.discard)(self.data) }
    }
}
