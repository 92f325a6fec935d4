#!/usr/bin/env bash
# Side by side in one run: hemi's start-up against lua5.4's, and a Swift function called
# 10 million times from Lua against math.abs in lua5.4. Prints the ratios.
#
# This machine is a small VM whose speed drifts by up to 1.6x over seconds (the same lua5.4
# loop measures 26 ns a call in one minute and 42 ns in the next), so the two programs are
# measured in alternation and each ratio is taken within a round, then the median of the
# rounds' ratios is reported (with the range).
set -euo pipefail
cd "$(dirname "$0")/../.."
HEMI=${HEMI:-.build/release/hemi}
ROUNDS=${ROUNDS:-7}
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
out=$(mktemp -d)
# The call loop is timed inside each process with os.clock (CPU time), so neither start-up
# nor hemi's loading of its module counts against the calls.
loop='local f = %s; local t = os.clock(); local x = 0; for i = 1, 1e7 do x = x + f(-i) end; io.write(os.clock() - t)'
for r in $(seq "$ROUNDS"); do
  hyperfine -N --warmup 5 --runs 40 --export-json "$out/start_$r.json" \
    "lua5.4 -e 'print(1)'" "$HEMI -e 'print(1)'" >/dev/null
  lua5.4 -e "$(printf "$loop" math.abs)" >>"$out/call_lua.txt"; echo >>"$out/call_lua.txt"
  "$HEMI" -e "$(printf "$loop" hemi._bench_abs)" >>"$out/call_hemi.txt"; echo >>"$out/call_hemi.txt"
done
# The same comparison inside one hemi process (the same liblua, the same VM state): math.abs
# and the Swift function alternate, 7 times each.
"$HEMI" -e '
  local function time(f) local t = os.clock(); local x = 0; for i = 1, 1e7 do x = x + f(-i) end; return os.clock() - t end
  local swift, c = hemi._bench_abs, {}
  for r = 1, 7 do c[#c + 1] = { time(math.abs), time(swift) } end
  for _, p in ipairs(c) do print(p[1], p[2]) end' >"$out/inprocess.txt"
python3 - "$out" "$ROUNDS" <<'PY'
import json, sys
d, rounds = sys.argv[1], int(sys.argv[2])
med = lambda xs: sorted(xs)[len(xs) // 2]
starts = [json.load(open(f"{d}/start_{r}.json"))["results"] for r in range(1, rounds + 1)]
s_lua = [s[0]["median"] * 1e3 for s in starts]; s_hemi = [s[1]["median"] * 1e3 for s in starts]
s_ratio = [h / l for l, h in zip(s_lua, s_hemi)]
c_lua = [float(x) / 1e7 * 1e9 for x in open(d + "/call_lua.txt").read().split()]
c_hemi = [float(x) / 1e7 * 1e9 for x in open(d + "/call_hemi.txt").read().split()]
c_ratio = [h / l for l, h in zip(c_lua, c_hemi)]
print(f"{rounds} rounds; median of each round's ratio (range)")
print("%-36s %9s %9s %7s  %s" % ("benchmark", "lua5.4", "hemi", "ratio", "range"))
print("%-36s %7.2fms %7.2fms %6.2fx  %.2f-%.2f" % ("start-up: -e 'print(1)' (median)", med(s_lua), med(s_hemi),
      med(s_ratio), min(s_ratio), max(s_ratio)))
print("%-36s %7.1fns %7.1fns %6.2fx  %.2f-%.2f" % ("call: 10M calls, per call (median)", med(c_lua), med(c_hemi),
      med(c_ratio), min(c_ratio), max(c_ratio)))
pairs = [tuple(float(x) / 1e7 * 1e9 for x in line.split()) for line in open(d + "/inprocess.txt")]
p_ratio = [s / c for c, s in pairs]
print("%-36s %7.1fns %7.1fns %6.2fx  %.2f-%.2f" % ("  the same in one hemi process", med([c for c, _ in pairs]),
      med([s for _, s in pairs]), med(p_ratio), min(p_ratio), max(p_ratio)))
print("targets: start-up within 3x, Swift call within 2x of the C call")
PY
rm -rf "$out"
