//! The recipes are the examples of this package; see its `Cargo.toml`.
