#!/usr/bin/env bash
# The declared minimum Rust version (`rust-version` in Cargo.toml), checked on that exact toolchain:
# Debian bookworm's rustc-web and cargo-web 1.85, unpacked by scripts/msrv-setup.sh. Every test of
# the workspace runs, from the committed Cargo.lock, whose versions all build on 1.85; only
# `tests/ui-rustc`, whose snapshots hold the newest compiler's wording, is left out (tests/ui.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/msrv-setup.sh >/dev/null
rust=${MSRV_HOME:-$HOME/.cache/atexit-msrv}/rust
export LD_LIBRARY_PATH="$rust/usr/lib/x86_64-linux-gnu:$rust/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PATH="$rust/usr/bin:$PATH" RUSTC="$rust/usr/bin/rustc" RUSTDOC="$rust/usr/bin/rustdoc"
declared=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)
if ! rustc -V | grep -q "^rustc $declared\.0 "; then
    echo "rust-version is $declared but the toolchain is $(rustc -V)" >&2
    exit 1
fi
cargo -V
rustc -V
CARGO_TARGET_DIR=target/msrv cargo test --workspace --locked
# The recipes (their own workspace and lock file, resolved for this toolchain too), and the tokio
# feature they use.
CARGO_TARGET_DIR=target/msrv cargo test --manifest-path examples/recipes/Cargo.toml --locked
