#!/usr/bin/env bash
# make bench: every Benchmarks/*/run.sh, in order.
set -euo pipefail
cd "$(dirname "$0")"
for b in */run.sh; do echo "== ${b%/run.sh}"; "./$b"; done
