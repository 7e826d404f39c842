//! `handlers()`: what will run at exit, in the order it will run.

use std::borrow::Cow;
use std::fmt;

use crate::registry::dynamic;
use crate::registry::origin::Origin;
use crate::registry::statics;

/// Whether a handler was registered with `#[atexit::register]` or at run time.
///
/// ```
/// #[atexit::register]
/// fn save_state() {}
///
/// fn main() {
///     atexit::register(|| println!("flush"));
///     let handlers = atexit::handlers();
///     // Run-time handlers run first.
///     assert_eq!(handlers[0].kind, atexit::HandlerKind::Dynamic);
///     assert_eq!(handlers.last().unwrap().kind, atexit::HandlerKind::Static);
/// #   atexit::clear();
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandlerKind {
    /// `#[atexit::register]` on a function or an `async fn`: counts as registered before `main`.
    Static,
    /// Registered at run time: [`register`](crate::register), `register_with!`,
    /// [`register_async`](crate::register_async) or `register_async_with!`.
    Dynamic,
}

/// One registered handler, as [`handlers`] describes it.
///
/// ```
/// fn flush() {}
///
/// atexit::register(flush).this_process_only();
/// let info = &atexit::handlers()[0];
/// assert!(info.name.ends_with("::flush"));
/// assert_eq!((info.file, info.kind), (file!(), atexit::HandlerKind::Dynamic));
/// assert!(info.this_process_only);
/// assert!(info.to_string().starts_with("dynamic["));
/// # atexit::clear();
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HandlerInfo {
    /// The function's path (`my_crate::save_state`), or `closure at file:line:column` for a closure
    /// (`async block at file:line:column` for an async block given to `register_async`).
    pub name: Cow<'static, str>,
    /// For a static handler, the function's source file; for a run-time one, where it was registered.
    pub file: &'static str,
    /// The line of `file`.
    pub line: u32,
    /// The column of `file`.
    pub column: u32,
    /// Static (`#[atexit::register]`) or dynamic (registered at run time).
    pub kind: HandlerKind,
    /// The `priority` of a static handler; `None` for a run-time one.
    pub priority: Option<i32>,
    /// The registration sequence among the handlers of its kind: static handlers are numbered from
    /// 0 in registration order, and run-time ones carry their
    /// [`Registration::sequence`](crate::Registration::sequence), also from 0. Every static handler
    /// counts as registered before every run-time one.
    pub sequence: usize,
    /// True for a handler that does not run in a forked child
    /// ([`Registration::this_process_only`](crate::Registration::this_process_only)).
    pub this_process_only: bool,
    /// A closure or an async block: `name` is its place already.
    anonymous: bool,
}

/// `dynamic[12] my_app::flush (src/main.rs:40)`, or for a static handler
/// `static[0] priority 0 my_app::save (src/state.rs:10)`: the kind, then the sequence number
/// among the handlers of that kind (static and run-time handlers are numbered apart), then
/// `this-process-only` if so, then the name.
impl fmt::Display for HandlerInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            HandlerKind::Static => write!(f, "static[{}]", self.sequence)?,
            HandlerKind::Dynamic => write!(f, "dynamic[{}]", self.sequence)?,
        }
        if let Some(priority) = self.priority {
            write!(f, " priority {priority}")?;
        }
        if self.this_process_only {
            f.write_str(" this-process-only")?;
        }
        if self.anonymous {
            write!(f, " {}", self.name)
        } else {
            write!(f, " {} ({}:{})", self.name, self.file, self.line)
        }
    }
}

/// Every handler still registered, in the order they will run: the first element runs first.
///
/// A snapshot: handlers registered or unregistered by other threads meanwhile may or may not be in
/// it. It allocates (one element a handler, and a name for each closure), so it is for
/// diagnostics, not for a hot path.
///
/// ```
/// #[atexit::register(priority = -1)]
/// fn close_log() {}
///
/// fn main() {
///     atexit::register(|| println!("flush"));
///     let handlers = atexit::handlers();
///     assert!(handlers[0].name.starts_with("closure at "));
///     assert_eq!(handlers[0].kind, atexit::HandlerKind::Dynamic);
///     let close_log = handlers.iter().find(|h| h.name.ends_with("::close_log")).unwrap();
///     assert_eq!(close_log.priority, Some(-1));
///     for handler in &handlers {
///         println!("{handler}");
///     }
/// #   atexit::clear();
/// }
/// ```
pub fn handlers() -> Vec<HandlerInfo> {
    let mut all = Vec::new();
    let registry = dynamic::global();
    for index in (0..registry.len()).rev() {
        if let Some(peek) = registry.peek(index) {
            let origin = Origin::of_dynamic(peek.vtable, peek.location);
            all.push(info(
                origin,
                HandlerKind::Dynamic,
                None,
                index,
                peek.this_process,
            ));
        }
    }
    for (sequence, slot) in statics::table().iter().enumerate().rev() {
        if slot.is_live() {
            let handler = slot.handler();
            all.push(info(
                Origin::of_static(handler),
                HandlerKind::Static,
                Some(handler.priority),
                sequence,
                false,
            ));
        }
    }
    all
}

fn info(
    origin: Origin,
    kind: HandlerKind,
    priority: Option<i32>,
    sequence: usize,
    this_process_only: bool,
) -> HandlerInfo {
    HandlerInfo {
        name: origin.name(),
        anonymous: origin.is_anonymous(),
        file: origin.file,
        line: origin.line,
        column: origin.column,
        kind,
        priority,
        sequence,
        this_process_only,
    }
}
