#!/usr/bin/env bash
# Every supported target, from this Linux x86_64 machine (installs what it needs: cross-setup.sh):
#   1. type-checks tests/downstream (a program using all of the API, and the examples) for each
#      target, with no feature, with `signals`, and with `signals` and `tokio`, warnings denied; on
#      WebAssembly, checks that the program builds without static handlers and that
#      `#[atexit::register]`, `signals` and `tokio` are compile errors;
#   2. builds the facade's docs for each target docs.rs builds;
#   3. runs the behaviour tests and the examples natively as i686 (32-bit), under qemu as
#      aarch64 and armv7 (32-bit), and under Wine as x86_64 Windows (gnu), then Ctrl-C at a Wine
#      console.
# `bash scripts/cross.sh [check] [docs] [i686] [aarch64] [armv7] [windows]` runs only those parts.
# With CROSS_PRUNE=1 (as CI runs it), each target's build directory is removed once its part has
# passed, so that the disk holds one target's test builds at a time (about 2 GB) instead of all.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/cross-setup.sh
source scripts/cross-env.sh
export CARGO_TARGET_DIR=$ROOT/target/cross CARGO_TERM_COLOR=never
parts=" ${*:-all} "
want() { [[ $parts == *" all "* || $parts == *" $1 "* ]]; }
prune() {
    if [[ ${CROSS_PRUNE:-0} == 1 ]]; then rm -rf "$ROOT/target/cross/$1"; fi
}

CHECK_TARGETS=(
    x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
    x86_64-unknown-linux-musl aarch64-unknown-linux-musl
    i686-unknown-linux-gnu armv7-unknown-linux-gnueabihf
    x86_64-apple-darwin aarch64-apple-darwin
    x86_64-pc-windows-msvc x86_64-pc-windows-gnu
    x86_64-unknown-freebsd
)
WASM_TARGETS=(wasm32-wasip1 wasm32-unknown-unknown)
DOWNSTREAM=(--manifest-path tests/downstream/Cargo.toml)

if want check; then
    for target in "${CHECK_TARGETS[@]}"; do
        for features in "" "--features signals" "--features signals,tokio"; do
            echo "== check $target $features"
            RUSTFLAGS=-Dwarnings cargo check -q "${DOWNSTREAM[@]}" $BUILD_STD --target "$target" \
                --bins --examples $features
        done
        prune "$target"
    done
    for target in "${WASM_TARGETS[@]}"; do
        echo "== check $target (run-time registration only)"
        RUSTFLAGS=-Dwarnings cargo check -q "${DOWNSTREAM[@]}" $BUILD_STD --target "$target" \
            --bins --no-default-features
        echo "== check $target: #[atexit::register], signals and tokio are compile errors"
        if out=$(cargo check -q "${DOWNSTREAM[@]}" $BUILD_STD --target "$target" --bins 2>&1); then
            echo "#[atexit::register] compiled for $target"; exit 1
        fi
        grep -q 'is not supported on WebAssembly' <<<"$out" || { echo "$out"; exit 1; }
        if out=$(cargo check -q "${DOWNSTREAM[@]}" $BUILD_STD --target "$target" --bins \
            --no-default-features --features signals 2>&1); then
            echo "the signals feature compiled for $target"; exit 1
        fi
        grep -q 'feature of `atexit` needs Unix or Windows' <<<"$out" || { echo "$out"; exit 1; }
        if out=$(cargo check -q "${DOWNSTREAM[@]}" $BUILD_STD --target "$target" --bins \
            --no-default-features --features tokio 2>&1); then
            echo "the tokio feature compiled for $target"; exit 1
        fi
        grep -q 'feature of `atexit` needs threads' <<<"$out" || { echo "$out"; exit 1; }
        prune "$target"
    done
fi

if want docs; then
    # The targets of [package.metadata.docs.rs] in Cargo.toml, as docs.rs builds them.
    targets=$(python3 -c 'import tomllib; print(" ".join(tomllib.load(open("Cargo.toml","rb"))["package"]["metadata"]["docs"]["rs"]["targets"]))')
    for target in $targets; do
        echo "== docs $target"
        RUSTFLAGS=-Dwarnings RUSTDOCFLAGS="-Dwarnings --cfg docsrs" cargo doc -q $BUILD_STD --target "$target" \
            -p atexit --features signals --no-deps
        prune "$target"
    done
fi

# Builds the behaviour programs and the examples for $1, then runs the host's tests against them
# through the runner $2; the remaining arguments choose the tests.
run_on() {
    local target=$1 runner=$2 abort=
    shift 2
    echo "== build for $target"
    cargo build -q -p atexit-test-programs --bins $BUILD_STD --target "$target"
    # The library plugin_host loads and unloads (plugin.rs).
    cargo build -q -p atexit-test-plugin $BUILD_STD --target "$target"
    cargo build -q -p atexit --examples --features signals $BUILD_STD --target "$target"
    if [[ $target == *linux* ]]; then
        # The `panic = "abort"` halves of the behaviour tests (matrix.rs, abort.rs).
        cargo build -q -p atexit-test-programs --bins --profile abort $BUILD_STD --target "$target"
        cargo build -q -p atexit-test-plugin --profile abort $BUILD_STD --target "$target"
        abort=$ROOT/target/cross/$target/abort
    fi
    echo "== run on $target: $*"
    (
        unset RUSTC RUSTDOC RUSTC_BOOTSTRAP LD_LIBRARY_PATH
        export CARGO_TARGET_DIR=$ROOT/target
        ATEXIT_TEST_TARGET=$target ATEXIT_TEST_RUNNER=$runner \
        ATEXIT_TEST_PROGRAMS=$ROOT/target/cross/$target/debug \
        ATEXIT_TEST_PROGRAMS_ABORT=$abort \
        ATEXIT_TEST_EXAMPLES=$ROOT/target/cross/$target/debug/examples \
        ATEXIT_STRESS_ITERATIONS=2 \
            cargo test -q "$@"
    )
}

BEHAVIOUR_TESTS=(-p atexit-test-programs --test abort --test api --test deadline --test exit_paths
    --test failures --test fork --test identity --test introspect --test matrix --test order
    --test shutdown --test signals --test stress --test threads --test registration
    --test c_exit_hooks --test async_handlers --test plugin --test deployment --test reports
    --test no_threads --test go_on)

if want i686; then
    # 32-bit natively: the kernel runs i686 programs as they are.
    run_on i686-unknown-linux-gnu "" "${BEHAVIOUR_TESTS[@]}"
    run_on i686-unknown-linux-gnu "" -p atexit --test examples
    echo "== i686: the runtime's own tests"
    cargo test -q -p atexit-rt --lib $BUILD_STD --target i686-unknown-linux-gnu
    prune i686-unknown-linux-gnu
fi

if want aarch64; then
    run_on aarch64-unknown-linux-gnu "$CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER" \
        "${BEHAVIOUR_TESTS[@]}"
    run_on aarch64-unknown-linux-gnu "$CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER" \
        -p atexit --test examples
    prune aarch64-unknown-linux-gnu
fi

if want armv7; then
    run_on armv7-unknown-linux-gnueabihf "$CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_RUNNER" \
        "${BEHAVIOUR_TESTS[@]}"
    run_on armv7-unknown-linux-gnueabihf "$CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_RUNNER" \
        -p atexit --test examples
    prune armv7-unknown-linux-gnueabihf
fi

if want windows; then
    target=x86_64-pc-windows-gnu
    # Every behaviour test but the Unix-only ones (fork, signals, stress, deployment); Windows' expectations
    # are written in the tests (`target_os()`).
    run_on $target wine -p atexit-test-programs --test api --test deadline --test exit_paths \
        --test failures --test identity --test introspect --test matrix --test order \
        --test shutdown --test threads --test registration --test c_exit_hooks \
        --test async_handlers --test plugin --test reports
    run_on $target wine -p atexit --test examples
    for profile in release lto-fat; do
        echo "== windows: static handlers kept by the linker ($profile)"
        cargo build -q -p atexit-test-programs --bin exit_paths $BUILD_STD --target $target \
            --profile $profile
        out=$(wine "target/cross/$target/$profile/exit_paths.exe" return)
        [ "$out" = "$(printf 'main\ndynamic handler\nstatic handler')" ] || { echo "$out"; exit 1; }
    done
    echo "== windows: Ctrl-C at a console runs the handlers, then STATUS_CONTROL_C_EXIT"
    cargo build -q -p atexit-test-programs --bin console_events $BUILD_STD --target $target
    set +e
    out=$(timeout 60 script -qec "wine target/cross/$target/debug/console_events.exe" /dev/null)
    status=$?
    set -e
    out=$(tr -d '\r' <<<"$out" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g')
    echo "$out"
    # Wine gives Linux the low byte of the Windows status: 0xC000013A & 0xFF = 58.
    [ "$status" = 58 ] || { echo "status $status, expected 58 (STATUS_CONTROL_C_EXIT)"; exit 1; }
    grep -qx 'handler ran' <<<"$out" || { echo "the handler did not run"; exit 1; }
    if grep -q 'not ended' <<<"$out"; then echo "Ctrl-C did not end the program"; exit 1; fi
    prune $target
fi
echo "cross: all passed"
