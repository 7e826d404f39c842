//! What a handler is allowed to return, and how arguments reach it.

use std::fmt::Display;

/// The result of one handler run: `Err` carries the message to report.
pub type Outcome = Result<(), String>;

/// A handler's return type: `()` or `Result<(), E>` with `E: Display`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a return type an exit handler can have",
    label = "an exit handler returns `()` or `Result<(), E>` where `E: Display`"
)]
pub trait HandlerResult {
    /// Turns the handler's return value into an [`Outcome`].
    fn into_outcome(self) -> Outcome;
}

impl HandlerResult for () {
    #[inline]
    fn into_outcome(self) -> Outcome {
        Ok(())
    }
}

impl<E: Display> HandlerResult for Result<(), E> {
    #[inline]
    fn into_outcome(self) -> Outcome {
        self.map_err(|e| e.to_string())
    }
}

/// Calls a function with a tuple of arguments: what `register_with!` stores.
pub trait Apply<Args> {
    /// What the function returns.
    type Output;
    /// Calls `self` with the elements of `args` as its arguments.
    fn apply(self, args: Args) -> Self::Output;
}

macro_rules! impl_apply {
    ($($arg:ident)*) => {
        impl<Func, Ret, $($arg,)*> Apply<($($arg,)*)> for Func
        where
            Func: FnOnce($($arg),*) -> Ret,
        {
            type Output = Ret;
            #[inline]
            #[allow(non_snake_case)]
            fn apply(self, ($($arg,)*): ($($arg,)*)) -> Ret {
                self($($arg),*)
            }
        }
    };
}

impl_apply!();
impl_apply!(A);
impl_apply!(A B);
impl_apply!(A B C);
impl_apply!(A B C D);
impl_apply!(A B C D E);
impl_apply!(A B C D E F);
impl_apply!(A B C D E F G);
impl_apply!(A B C D E F G H);
impl_apply!(A B C D E F G H I);
impl_apply!(A B C D E F G H I J);
impl_apply!(A B C D E F G H I J K);
impl_apply!(A B C D E F G H I J K L);
