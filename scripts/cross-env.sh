# Sourced by the cross-platform scripts: the toolchain scripts/cross-setup.sh unpacked, for
# `RUSTC_BOOTSTRAP=1 cargo ... -Zbuild-std`, and the linkers and runners of each target.
CROSS_HOME=${CROSS_HOME:-$HOME/.cache/atexit-cross}
CROSS_RUST=$CROSS_HOME/rust/usr
export LD_LIBRARY_PATH="$CROSS_RUST/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export RUSTC=$CROSS_RUST/bin/rustc RUSTDOC=$CROSS_RUST/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
export CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER=arm-linux-gnueabihf-gcc
export CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_RUNNER="qemu-arm -L /usr/arm-linux-gnueabihf"
export CARGO_TARGET_I686_UNKNOWN_LINUX_GNU_LINKER=i686-linux-gnu-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
export WINEPREFIX=$CROSS_HOME/wine WINEDEBUG=-all
# The stub DLL in the prefix's system folder, preferred to Wine's own.
export WINEDLLOVERRIDES="bcryptprimitives=n,b"
BUILD_STD="-Zbuild-std=std,panic_abort"
