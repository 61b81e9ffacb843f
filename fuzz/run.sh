#!/usr/bin/env bash
# Runs corsim's fuzz targets (fuzz/README.md): builds them with cargo-fuzz,
# seeds their corpora (fuzz/seed.sh), then runs each in turn.
#
#   fuzz/run.sh [--time SECONDS | --runs N] [TARGET...]
#
# --time: seconds per target (default 20: the short run of ./dev test);
# --runs: executions per target instead (the long run is --runs 10000000).
# Targets: scenario, permalink, evaluate, import (default: all four).
#
# One process per target (one core), at the priority it is started with. Any
# input slower than 10 s, or using more than 2 GB, counts as a crash. Each
# target's full libFuzzer output goes to $FUZZ_LOGS/TARGET.log (default
# fuzz/target/logs); one line per target is printed. On a crash, the input
# is in fuzz/artifacts/TARGET/: fix the code, then copy the input to
# fuzz/regressions/TARGET/ so that `cargo test` replays it forever
# (tests/app/fuzz_regressions.rs).
#
# cargo-fuzz needs nightly flags (-Z sanitizer=...); RUSTC_BOOTSTRAP=1 lets
# the stable toolchain accept them. No sanitizer: corsim has no unsafe code,
# and what fuzzing looks for are panics, which debug assertions (-a: overflow
# checks included) make of every arithmetic overflow too.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

limit=(-max_total_time=20)
what="20 s"
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --time) limit=("-max_total_time=$2"); what="$2 s"; shift 2 ;;
        --runs) limit=("-runs=$2"); what="$2 runs"; shift 2 ;;
        scenario | permalink | evaluate | import) targets+=("$1"); shift ;;
        *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(scenario permalink evaluate import)

export RUSTC_BOOTSTRAP=1
FLAGS=(--sanitizer none --debug-assertions)

command -v cargo-fuzz >/dev/null || {
    echo "fuzz: cargo-fuzz is not installed (scripts/ensure-tools.sh installs it)" >&2
    exit 1
}

echo "fuzz: building the targets"
cargo fuzz build "${FLAGS[@]}" >fuzz/build.log 2>&1 || {
    tail -n 40 fuzz/build.log >&2
    echo "fuzz: FAIL: cannot build the targets (whole output: fuzz/build.log)" >&2
    exit 1
}
rm -f fuzz/build.log
fuzz/seed.sh

logs="${FUZZ_LOGS:-fuzz/target/logs}"
mkdir -p "$logs"
# The evaluate target reads both formats: both dictionaries.
cat fuzz/permalink.dict fuzz/scenario.dict >fuzz/target/evaluate.dict

failed=0
for target in "${targets[@]}"; do
    dict="$ROOT/fuzz/$target.dict"
    [ "$target" != evaluate ] || dict="$ROOT/fuzz/target/evaluate.dict"
    # The importers read no dictionary of their own yet: the scenario one's
    # header names and keywords serve them too.
    [ "$target" != import ] || dict="$ROOT/fuzz/scenario.dict"
    log="$logs/$target.log"
    start=$SECONDS
    status=0
    cargo fuzz run "${FLAGS[@]}" "$target" -- \
        "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -dict="$dict" -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    runs="$(grep -a -o '^stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
    if [ "$status" = 0 ]; then
        echo "fuzz: ok: $target: ${runs:-?} executions in $((SECONDS - start)) s ($what), no crash"
    else
        failed=1
        grep -a -A 30 -m 1 -E '^(==[0-9]+== ?ERROR|thread .* panicked|.*deadly signal|.*ALARM)' "$log" >&2 || tail -n 40 "$log" >&2
        echo "fuzz: FAIL: $target: crashed after ${runs:-?} executions; input in fuzz/artifacts/$target/ (whole output: $log)" >&2
    fi
done
exit "$failed"
