#!/usr/bin/env bash
# Runs the test fixtures and the stress program under valgrind.
#
# memcheck must be clean: no invalid access, no use of uninitialised memory, no definite leak (a
# handler's memory is freed when it runs or is removed, or is still reachable from the registry).
# Any error fails the script.
#
# helgrind and DRD then run the concurrent programs. Neither tool models Rust's atomics (plain
# loads and stores with acquire/release ordering) or the standard library's futex-based locks as
# synchronisation, so both report races on every atomic and inside std itself. The script counts
# the reports, lists by frame those with this crate on the stack, and fails if one of them is in
# this crate's code on memory that is neither an atomic nor a value published through one.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null; then
    echo "valgrind is not installed; installing it" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq valgrind; else sudo apt-get update -qq && sudo apt-get install -y -qq valgrind; fi
fi

cargo build --quiet --package atexit-test-programs --bins
bin=target/debug
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

failures=0
memcheck() {
    local name=$1; shift
    local status=0
    valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite --log-file="$log/memcheck-$name" "$bin/$@" >/dev/null 2>&1 || status=$?
    # Quiet, memcheck writes only errors and definite leaks; any other status is the program's
    # own, which the tests check.
    if [ "$status" = 99 ] || [ -s "$log/memcheck-$name" ]; then
        echo "memcheck $name: ERRORS"; cat "$log/memcheck-$name"; failures=$((failures + 1))
    else
        echo "memcheck $name: clean (status $status)"
    fi
}

memcheck lifo lifo
memcheck failing failing
memcheck exit_in_handler exit_in_handler
memcheck shutdown_changes shutdown_changes
memcheck threads_exit threads_exit
memcheck concurrent_register concurrent_register
memcheck api api
memcheck twins twins
memcheck fork fork
memcheck introspect introspect
memcheck deadline deadline 10 5000
for behaviour in ok panic err exit register unregister; do
    memcheck "matrix-return-$behaviour" matrix return "$behaviour"
    memcheck "matrix-thread-exit-$behaviour" matrix thread-exit "$behaviour"
done
memcheck stress stress "$log/stress-record" 4 5000

# The frames of this crate where a report is on a value published through an atomic: the payload
# room and the data word are written before a release store of the slot's `meta` word and read after
# an acquire load of it. `Payload::write` and `Payload::read` are the room's only accessors, called
# from `Of::pack` and `Of::take` (registry/payload.rs); the loom models check every access to the room for a race.
# (A report on an atomic itself is found in `atomic.rs`.)
published='^atexit_rt::registry::(payload::Of<.*>::(pack|take|location)|payload::Payload::(write|read)(::\{\{closure\}\})?) '
races() {
    local tool=$1 name=$2; shift 2
    valgrind --tool="$tool" --log-file="$log/$tool-$name" "$bin/$@" >/dev/null 2>&1 || true
    local reports ours unexplained
    reports=$(grep -c "^==[0-9]*== \(Possible data race\|Conflicting\)" "$log/$tool-$name" || true)
    # One line a report: its frames joined.
    awk '/^==[0-9]+== (Possible data race|Conflicting)/ {if (r) print r; r=""; on=1; next}
         on && /^==[0-9]+==    (at|by) / {sub(/^==[0-9]+==    (at|by) 0x[0-9A-F]+: /, ""); r = r " | " $0; next}
         on && /^==[0-9]+== *$/ {if (r) print r; r=""; on=0}
         END {if (r) print r}' "$log/$tool-$name" > "$log/$tool-$name.reports"
    ours=$(grep -c "atexit_rt::" "$log/$tool-$name.reports" || true)
    # The frame a report is in: the first one that is not an inlined pointer read or write.
    grep "atexit_rt::" "$log/$tool-$name.reports" \
        | awk -F' \\| ' '{for (i = 2; i <= NF; i++) if ($i !~ /^(read|write)<|^core::ptr::|maybe_uninit/) {print $i; break}}' \
        > "$log/$tool-$name.frames" || true
    unexplained=$(grep "^atexit_rt::" "$log/$tool-$name.frames" | grep -Evc "$published" || true)
    echo "$tool $name: $reports reports, $ours with this crate on the stack, $unexplained in this crate's code on memory that is not an atomic or a published value"
    sort "$log/$tool-$name.frames" | uniq -c | sort -rn | sed 's/^/    /'
    if [ "$unexplained" != 0 ]; then failures=$((failures + 1)); fi
}

for tool in helgrind drd; do
    races "$tool" stress stress "$log/stress-record" 2 2000
    races "$tool" concurrent_register concurrent_register
    races "$tool" threads_exit threads_exit
done

if [ "$failures" != 0 ]; then
    echo "valgrind: $failures failing checks" >&2
    exit 1
fi
echo "valgrind: all checks passed"
