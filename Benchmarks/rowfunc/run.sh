#!/usr/bin/env bash
# The cost per row of a Lua function in a query (q:filter(function(row) ... end)) against a
# plain C host calling a Lua function once per row (c_host.c), in one run. The filter's time
# includes building the result (gathering the kept rows).
#   Benchmarks/rowfunc/run.sh [N]     REPS=7, HEMI=.build/release/hemi
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
REPS=${REPS:-7}
HEMI=${HEMI:-.build/release/hemi}
here=Benchmarks/rowfunc
out=$(mktemp -d)
cc -O2 -o "$out/c_host" $here/c_host.c $(pkg-config --cflags --libs lua5.4)
# This VM's speed drifts; the host and hemi alternate over ROUNDS rounds and each round's
# ratios are taken within the round; the table shows the medians.
ROUNDS=${ROUNDS:-3}
for r in $(seq "$ROUNDS"); do
  "$out/c_host" "$N" "$REPS" >>"$out/host.txt"
  "$HEMI" $here/hemi_rowfunc.lua "$N" "$REPS" >>"$out/hemi.txt"
done
python3 - "$N" "$out" <<'PY'
import sys
n, d = sys.argv[1], sys.argv[2]
hosts = [list(map(float, l.split())) for l in open(d + "/host.txt")]
hemis = [list(map(float, l.split())) for l in open(d + "/hemi.txt")]
med = lambda xs: sorted(xs)[len(xs) // 2]
host, host_row = med([h[0] for h in hosts]), med([h[1] for h in hosts])
one, one_expr, two, two_expr = (med([h[i] for h in hemis]) for i in range(4))
ratio = lambda i: med([m[i] / h[0] for m, h in zip(hemis, hosts)])
ratio_row = lambda i: med([m[i] / h[1] for m, h in zip(hemis, hosts)])
print(f"N = {int(n):,} rows, CPU ns per row, medians of {len(hosts)} rounds (ratios within each round)")
print("%-58s %7s %8s %8s" % ("", "ns/row", "vs host", "vs host"))
print("%-58s %7s %8s %8s" % ("", "", "(number)", "(row)"))
print("%-58s %7.1f %7.2fx" % ("C host: lua_pcall of function(x) return x > 100 end", host, 1))
print("%-58s %7.1f %16.2fx" % ("C host, row table: function(row) return row.x > 100 end", host_row, 1))
print("%-58s %7.1f %7.2fx %7.2fx" % ("hemi filter(function(row) return row.x > 100 end)", one, ratio(0), ratio_row(0)))
print("%-58s %7.1f %7.2fx" % ("hemi filter(function(row) return row.y > 1.5*row.x end)", two, ratio(2)))
print("%-58s %7.1f %7.2fx" % ("hemi filter(\"x > 100\") (an expression, for scale)", one_expr, ratio(1)))
print("%-58s %7.1f %7.2fx" % ("hemi filter(\"y > 1.5 * x\")", two_expr, ratio(3)))
print("target: a Lua-function filter within 1.5x of the C host; hemi's times include building")
print("the result table (gathering the kept rows)")
PY
rm -rf "$out"
