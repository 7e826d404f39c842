#!/usr/bin/env bash
# Installs what the cross-platform checks need, from Debian's packages only:
#   - a Rust toolchain that ships its standard library's sources (rustc-web, cargo-web, rust-web-src,
#     from bookworm-security), unpacked into $CROSS_HOME/rust, so that `-Zbuild-std` reaches any target;
#   - the C side of i686, aarch64 and armv7 (cross gcc, the i386 C runtime, qemu-user) and of x86_64
#     Windows (mingw-w64, wine);
#   - a stub bcryptprimitives.dll exporting ProcessPrng, which Wine 8 lacks and Rust's std imports.
# Idempotent: a second run finds everything in place and returns at once.
set -euo pipefail
CROSS_HOME=${CROSS_HOME:-$HOME/.cache/atexit-cross}
RUST_VERSION=${CROSS_RUST_VERSION:-1.96.0+dfsg1-1~deb12u2}
mkdir -p "$CROSS_HOME"

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
command -v arm-linux-gnueabihf-gcc >/dev/null || need+=(gcc-arm-linux-gnueabihf libc6-dev-armhf-cross)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
# i686: a cross gcc to link (gcc-multilib conflicts with the aarch64 one), and the 32-bit C runtime
# the kernel runs the programs with natively.
command -v i686-linux-gnu-gcc >/dev/null || need+=(gcc-i686-linux-gnu libc6-dev-i386-cross)
[ -e /lib/ld-linux.so.2 ] && [ -e /lib32/libgcc_s.so.1 ] || need+=(libc6-i386 lib32gcc-s1)
command -v wine >/dev/null || need+=(wine wine64)
if [ ${#need[@]} -gt 0 ]; then
    # A mirror caught mid-sync fails one index; the packages needed are still found.
    sudo_ apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The toolchain, unpacked (not installed): rustup's toolchain stays the machine's default.
RUST_DIR=$CROSS_HOME/rust
if [ ! -x "$RUST_DIR/usr/bin/rustc" ] || ! grep -qx "$RUST_VERSION" "$RUST_DIR/version" 2>/dev/null; then
    rm -rf "$RUST_DIR" "$CROSS_HOME/debs"
    mkdir -p "$CROSS_HOME/debs" "$RUST_DIR"
    (
        cd "$CROSS_HOME/debs"
        apt-get download -qq \
            "rustc-web=$RUST_VERSION" "cargo-web=$RUST_VERSION" "rust-web-src=$RUST_VERSION" \
            "libstd-rust-web-dev=$RUST_VERSION" "libstd-rust-web-$(echo "$RUST_VERSION" | cut -d. -f1,2)=$RUST_VERSION" \
            libllvm22 libgit2-1.5 libmbedcrypto7 libmbedtls14 libmbedx509-1 2>&1 | grep -v '^W:' || true
        for deb in *.deb; do dpkg -x "$deb" "$RUST_DIR"; done
    )
    echo "$RUST_VERSION" >"$RUST_DIR/version"
fi

# Wine: a prefix with the ProcessPrng stub.
WINEPREFIX=$CROSS_HOME/wine
export WINEPREFIX WINEDEBUG=-all
if [ ! -e "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll.stub" ]; then
    wineboot --init >/dev/null 2>&1 || true
    stub=$CROSS_HOME/stub
    mkdir -p "$stub"
    cat >"$stub/bcryptprimitives.c" <<'C'
#include <windows.h>
/* Wine 8 lacks ProcessPrng, which Rust's standard library imports; RtlGenRandom fills the gap. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
C
    x86_64-w64-mingw32-gcc -shared -O2 -o "$stub/bcryptprimitives.dll" "$stub/bcryptprimitives.c" -ladvapi32
    cp "$stub/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
    touch "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll.stub"
fi
echo "cross toolchain ready in $CROSS_HOME"
