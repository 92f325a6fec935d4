#!/usr/bin/env bash
# Runs the Jupyter tests (test_hemi_kernel.py) with the venv made by `make jupyter-venv`:
# installs the hemi kernelspec with the debug build into a temporary prefix, points
# JUPYTER_PATH (and the runtime folder) there, runs unittest, and removes the prefix.
# `run.sh --refresh` instead re-executes examples/notebooks/*.ipynb in place (make notebooks).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv-test}
HEMI=${HEMI:-.build/debug/hemi}
work=$(mktemp -d /tmp/hemi-jupyter-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$HEMI" kernel install --prefix "$work/prefix" --python "$VENV/bin/python" >/dev/null
export JUPYTER_PATH="$work/prefix/share/jupyter" JUPYTER_RUNTIME_DIR="$work/runtime" JUPYTER_DATA_DIR="$work/data"
export JUPYTER_PLATFORM_DIRS=1 PYTHONDONTWRITEBYTECODE=1
specs=$("$VENV/bin/jupyter" kernelspec list)
case "$specs" in *"  hemi "*) ;; *) echo "jupyter kernelspec list does not show hemi:"; echo "$specs"; exit 1 ;; esac
if [ "${1:-}" = --refresh ]; then exec "$VENV/bin/python" Tests/Jupyter/refresh_notebooks.py; fi
"$VENV/bin/python" -m unittest -v Tests/Jupyter/test_hemi_kernel.py "$@"
