#!/usr/bin/env bash
# Side by side in one run: hemi's start-up against lua5.4's, and a Swift function called
# 10 million times from Lua against math.abs in lua5.4. Prints the ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
HEMI=${HEMI:-.build/release/hemi}
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
out=$(mktemp -d)
hyperfine -N --warmup 10 --runs 200 --export-json "$out/start.json" \
  "lua5.4 -e 'print(1)'" "$HEMI -e 'print(1)'" >/dev/null
loop='local f = %s; local x = 0; for i = 1, 1e7 do x = x + f(-i) end'
hyperfine -N --warmup 1 --runs 5 --export-json "$out/call.json" \
  "lua5.4 -e '$(printf "$loop" math.abs)'" "$HEMI -e '$(printf "$loop" hemi._bench_abs)'" >/dev/null
python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/start.json"))["results"]; c = json.load(open(d + "/call.json"))["results"]
print("%-34s %10s %10s %7s" % ("benchmark", "lua5.4", "hemi", "ratio"))
print("%-34s %8.2fms %8.2fms %6.2fx" % ("start-up: -e 'print(1)' (median)", s[0]["median"]*1e3, s[1]["median"]*1e3, s[1]["median"]/s[0]["median"]))
per = lambda r: (r["median"] / 1e7) * 1e9
print("%-34s %8.1fns %8.1fns %6.2fx" % ("call: 10M calls, per call", per(c[0]), per(c[1]), per(c[1]) / per(c[0])))
print("targets: start-up within 3x, Swift call within 2x of the C call")
PY
rm -rf "$out"
