#!/usr/bin/env bash
# Unpacks the Rust toolchain of the declared minimum version (Debian bookworm's rustc-web and
# cargo-web 1.85) into ~/.cache/atexit-msrv/rust; scripts/msrv.sh runs the tests with it.
set -euo pipefail
MSRV_HOME=${MSRV_HOME:-$HOME/.cache/atexit-msrv}
VERSION=${MSRV_DEB_VERSION:-1.85.0+dfsg3-1~deb12u3}
RUST_DIR=$MSRV_HOME/rust

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ -x "$RUST_DIR/usr/bin/rustc" ] && grep -qx "$VERSION" "$RUST_DIR/version" 2>/dev/null; then
    exit 0
fi
rm -rf "$MSRV_HOME"
mkdir -p "$MSRV_HOME/debs" "$RUST_DIR"
download() { (cd "$MSRV_HOME/debs" && apt-get download -qq "$@" 2>&1 | grep -v '^W:' || true); }
download "rustc-web=$VERSION" "cargo-web=$VERSION" "libstd-rust-web-dev=$VERSION" \
    "libstd-rust-web-1.85=$VERSION" libllvm19 libhttp-parser2.9 libssh2-1 libpcre3
if [ "$(ls "$MSRV_HOME/debs" | wc -l)" -lt 8 ]; then
    # A fresh machine has not read the package lists yet.
    sudo_ apt-get update -qq || true
    download "rustc-web=$VERSION" "cargo-web=$VERSION" "libstd-rust-web-dev=$VERSION" \
        "libstd-rust-web-1.85=$VERSION" libllvm19 libhttp-parser2.9 libssh2-1 libpcre3
fi
for deb in "$MSRV_HOME"/debs/*.deb; do dpkg -x "$deb" "$RUST_DIR"; done
echo "$VERSION" >"$RUST_DIR/version"
# The toolchain's libraries are beside it, not on the system's path.
LD_LIBRARY_PATH="$RUST_DIR/usr/lib/x86_64-linux-gnu:$RUST_DIR/lib/x86_64-linux-gnu" \
    "$RUST_DIR/usr/bin/rustc" --version
