#!/usr/bin/env bash
# make fuzz: seeded random inputs for a bounded time (no libFuzzer needed). Two targets, run
# side by side by Tests/QueryEngineTests/Differential/FuzzTests.swift:
#   - the CSV reader: mutated and random bytes, random options (delimiter, header, types);
#   - expressions: token soup and near-valid expressions through parse, bind and evaluate in
#     every verb that takes one.
# Passes when nothing crashes; every rejection must be an EngineError with a message.
#
#   Benchmarks/fuzz.sh [seconds per target, default 60]
#   HEMI_FUZZ_SEED=n    the input sequence (default: the time, printed); the same seed replays
#                       the same inputs, so a crash recurs in any run at least as long
#   HEMI_SCRATCH=dir    swift build directory (default .build)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-${HEMI_FUZZ_SECONDS:-60}}
seed=${HEMI_FUZZ_SEED:-$(date +%s)}
scratch=${HEMI_SCRATCH:-.build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build --build-tests --scratch-path "$scratch" >/dev/null
echo "fuzz: ${secs}s per target, seed $seed (replay: HEMI_FUZZ_SEED=$seed Benchmarks/fuzz.sh $secs)"
status=0
HEMI_FUZZ_SECONDS=$secs HEMI_FUZZ_SEED=$seed HEMI_FUZZ_LAST="$work/last" \
  timeout $((secs * 2 + 300)) swift test --skip-build --scratch-path "$scratch" \
    --filter 'QueryEngineTests.FuzzTests' >"$work/log" 2>&1 || status=$?
grep -E '^fuzz ' "$work/log" || true
if [ "$status" -ne 0 ]; then
  echo "fuzz: FAILED (exit $status, seed $seed)"
  grep -E 'Fatal error|crashed|runtime failure|recorded an issue|Expectation failed' "$work/log" | head -20 || true
  [ "$status" -eq 124 ] && echo "fuzz: timed out: an input hangs"
  # Each target writes its current input before running it: after a crash one of these is it.
  if [ -f "$work/last.expr" ]; then echo "last expression tried:"; cat "$work/last.expr"; echo; fi
  if [ -f "$work/last.csv" ]; then echo "last CSV input tried (hex):"; od -A d -t x1z "$work/last.csv" | head -40; fi
  echo "full log: kept in $work.log"; cp "$work/log" "$work.log"
  exit 1
fi
echo "fuzz: no crash"
