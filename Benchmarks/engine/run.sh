#!/usr/bin/env bash
# The query engine against SQLite and DuckDB on the same work, in one run: load a CSV of N
# synthetic trade flows (default 1,000,000; generated deterministically by gen.py into
# $BENCH_WORK, never into the repository), then four queries (filter + group + aggregate,
# join, filter + count, group + top-3 per group). Hemi runs through its Lua API (the release
# `hemi` binary), SQLite through the sqlite3 shell, DuckDB through its Python module
# (threads=1 and threads=2); Hemi on all cores and with HEMI_THREADS=1. The answers are checked
# equal; the table gives each engine's median time and the ratios to DuckDB.
#
#   Benchmarks/engine/run.sh [N]       REPS=5 (query repetitions), ROUNDS (3 up to 1M rows,
#                                      else 1), HEMI=.build/release/hemi, BENCH_WORK=/tmp/hemi-bench,
#                                      HEMI_BEFORE=an older hemi binary for a "before" column
#                                      (on all cores, like the "hemi" column it is compared with)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-${N:-1000000}}
REPS=${REPS:-5}
# Rounds of the whole comparison (see below): 3 up to a million rows, 1 above.
ROUNDS=${ROUNDS:-$([ "$N" -le 1000000 ] && echo 3 || echo 1)}
HEMI=${HEMI:-.build/release/hemi}
WORK=${BENCH_WORK:-/tmp/hemi-bench}
here=Benchmarks/engine

[ -x "$HEMI" ] || { echo "engine bench: $HEMI not found (run: swift build -c release)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "engine bench: sqlite3 not found (make deps installs it)"; exit 1; }
mkdir -p "$WORK"
flows="$WORK/flows_$N.csv"; countries="$WORK/countries.csv"
if [ ! -f "$flows" ] || [ ! -f "$countries" ]; then
  echo "generating $flows"
  python3 $here/gen.py "$N" "$WORK"
fi
run="$WORK/run_$N"
rm -rf "$run"
cat "$flows" "$countries" >/dev/null   # warm page cache for everyone
if ! python3 -c 'import duckdb' 2>/dev/null; then
  echo "duckdb python module missing: pip install duckdb"
  pip install -q duckdb >/dev/null 2>&1 || true
fi
# This VM's speed drifts by up to 1.6x over seconds, and the engines run one after another:
# ROUNDS rounds of all of them, each ratio taken within a round (report.py gives the medians).
for r in $(seq "$ROUNDS"); do
  d="$run/round$r"
  mkdir -p "$d"/{hemi,hemi1,sqlite,duckdb1,duckdb2}
  echo "round $r of $ROUNDS: hemi ..."
  "$HEMI" $here/hemi_bench.lua "$flows" "$countries" "$d/hemi" "$REPS" >"$d/hemi/times.txt"
  echo "round $r of $ROUNDS: hemi threads=1 ..."
  HEMI_THREADS=1 "$HEMI" $here/hemi_bench.lua "$flows" "$countries" "$d/hemi1" "$REPS" >"$d/hemi1/times.txt"
  if [ -n "${HEMI_BEFORE:-}" ]; then
    mkdir -p "$d/before"
    echo "round $r of $ROUNDS: hemi before ($HEMI_BEFORE) ..."
    "$HEMI_BEFORE" $here/hemi_bench.lua "$flows" "$countries" "$d/before" "$REPS" >"$d/before/times.txt"
  fi
  echo "round $r of $ROUNDS: sqlite3 ..."
  python3 $here/sqlite_bench.py "$flows" "$countries" "$d/sqlite" "$REPS" >"$d/sqlite/times.txt"
  if python3 -c 'import duckdb' 2>/dev/null; then
    for t in 1 2; do
      echo "round $r of $ROUNDS: duckdb threads=$t ..."
      python3 $here/duckdb_bench.py "$flows" "$countries" "$d/duckdb$t" "$REPS" "$t" >"$d/duckdb$t/times.txt"
    done
  else
    [ "$r" = 1 ] && echo "DuckDB skipped: the python module could not be installed"
    rmdir "$d/duckdb1" "$d/duckdb2"
  fi
done
echo
echo "N = $N rows, $(nproc) cores, sqlite $(sqlite3 --version | cut -d' ' -f1), duckdb $(python3 -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null || echo -), REPS=$REPS, ROUNDS=$ROUNDS"
python3 $here/report.py "$run"/round*
