//! How a handler is named in failure reports, in the `ATEXIT_LOG` log and by `handlers()`.

use std::borrow::Cow;
use std::fmt;
use std::panic::Location;

use crate::registry::payload::VTable;
use crate::registry::statics::StaticHandler;

/// A handler's path and the place it was registered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Origin {
    /// The function's path, or for a closure the compiler's name of its type.
    pub(crate) path: &'static str,
    pub(crate) file: &'static str,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Origin {
    pub(crate) fn of_static(handler: &StaticHandler) -> Origin {
        Origin {
            path: handler.name(),
            file: handler.file(),
            line: handler.line,
            column: handler.column,
        }
    }

    pub(crate) fn of_dynamic(vtable: &VTable, location: &'static Location<'static>) -> Origin {
        Origin {
            path: (vtable.name)(),
            file: location.file(),
            line: location.line(),
            column: location.column(),
        }
    }

    /// A closure has no path of its own: the compiler names its type `enclosing::fn::{{closure}}`.
    fn is_closure(&self) -> bool {
        self.path.ends_with("{{closure}}")
    }

    /// `module::function`, or `closure at file:line:column`.
    pub(crate) fn name(&self) -> Cow<'static, str> {
        if self.is_closure() {
            Cow::Owned(format!(
                "closure at {}:{}:{}",
                self.file, self.line, self.column
            ))
        } else {
            Cow::Borrowed(self.path)
        }
    }
}

/// `module::function (file:line)`, or `closure at file:line:column`: a closure's name is its place.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_closure() {
            write!(f, "closure at {}:{}:{}", self.file, self.line, self.column)
        } else {
            write!(f, "{} ({}:{})", self.path, self.file, self.line)
        }
    }
}
