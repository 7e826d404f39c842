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
    /// A future registered as it is (`register_async`).
    pub(crate) future: bool,
}

impl Origin {
    pub(crate) fn of_static(handler: &StaticHandler) -> Origin {
        Origin {
            path: handler.name(),
            file: handler.file(),
            line: handler.line,
            column: handler.column,
            future: false,
        }
    }

    pub(crate) fn of_dynamic(vtable: &VTable, location: &'static Location<'static>) -> Origin {
        Origin {
            path: (vtable.name)(),
            file: location.file(),
            line: location.line(),
            column: location.column(),
            future: vtable.future,
        }
    }

    /// What a handler with no path of its own is, `closure` or `async block`: the compiler names
    /// the type of both `enclosing::fn::{{closure}}`. `None` for a function or a named future type.
    fn anonymous(&self) -> Option<&'static str> {
        match (self.path.ends_with("{{closure}}"), self.future) {
            (false, _) => None,
            (true, false) => Some("closure"),
            (true, true) => Some("async block"),
        }
    }

    /// True for a closure or an async block, which its place names.
    pub(crate) fn is_anonymous(&self) -> bool {
        self.anonymous().is_some()
    }

    /// `module::function`, or `closure at file:line:column` (`async block at ...`).
    pub(crate) fn name(&self) -> Cow<'static, str> {
        match self.anonymous() {
            Some(what) => Cow::Owned(format!(
                "{what} at {}:{}:{}",
                self.file, self.line, self.column
            )),
            None => Cow::Borrowed(self.path),
        }
    }
}

/// `module::function (file:line)`, or `closure at file:line:column` (`async block at ...`): a
/// closure's name is its place.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())?;
        if !self.is_anonymous() {
            write!(f, " ({}:{})", self.file, self.line)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(path: &'static str, future: bool) -> Origin {
        Origin {
            path,
            file: "src/main.rs",
            line: 7,
            column: 5,
            future,
        }
    }

    #[test]
    fn a_handler_without_a_path_is_named_by_what_it_is_and_its_place() {
        let cases = [
            (
                origin("app::main::{{closure}}", false),
                "closure at src/main.rs:7:5",
                "",
            ),
            (
                origin("app::main::{{closure}}", true),
                "async block at src/main.rs:7:5",
                "",
            ),
            (
                origin("app::flush", false),
                "app::flush",
                " (src/main.rs:7)",
            ),
            (
                origin("core::future::pending::Pending<()>", true),
                "core::future::pending::Pending<()>",
                " (src/main.rs:7)",
            ),
        ];
        for (origin, name, place) in cases {
            assert_eq!(origin.name(), name);
            assert_eq!(origin.to_string(), format!("{name}{place}"));
            assert_eq!(origin.is_anonymous(), place.is_empty());
        }
    }
}
