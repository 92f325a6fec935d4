# Hemi — the two commands a new user needs are `make run` and `make test`.
# Both first install what is missing (Debian packages), then build.

SWIFT      ?= swift
RELEASE    := $(SWIFT) build -c release --static-swift-stdlib
HEMI_REL    = .build/release/hemi
HEMI_DBG    = .build/debug/hemi

# Debian packages: name:probe. The probe is a command or a pkg-config module whose absence means
# the package is missing.
APT_PKGS := liblua5.4-dev:pc=lua5.4 libedit-dev:pc=libedit pkg-config:cmd=pkg-config \
            lua5.4:cmd=lua5.4 tmux:cmd=tmux sqlite3:cmd=sqlite3 \
            librsvg2-bin:cmd=rsvg-convert python3:cmd=python3 python3-venv:py=ensurepip

.PHONY: run test build debug deps bench fuzz data clean jupyter-test jupyter-venv

# The Jupyter tests' Python packages (Tests/Jupyter/requirements.txt, pinned) live in this
# virtual environment, made on the first run and again only when the requirements change,
# so a re-run needs no network.
VENV       := .venv-test
PY_REQS    := Tests/Jupyter/requirements.txt

run: deps build
	@$(HEMI_REL)

build: deps
	$(RELEASE)

debug: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build
	$(SWIFT) test --no-parallel
	$(MAKE) --no-print-directory jupyter-test
	@echo "make test: all test suites ran"

# The kernel through Jupyter: jupyter_kernel_test's suite, interrupts, the tour notebook by nbclient.
jupyter-test: jupyter-venv
	$(SWIFT) build
	Tests/Jupyter/run.sh

jupyter-venv: $(VENV)/.installed

$(VENV)/.installed: $(PY_REQS)
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(PY_REQS)
	@touch $@

bench: deps build
	Benchmarks/run.sh

fuzz: deps
	Benchmarks/fuzz.sh

# Rebuild the bundled dataset from ../shared/data/raw (see Sources/PolicyData/DATA.md).
data:
	python3 Sources/PolicyData/build/build_dataset.py

clean:
	rm -rf .build

# Install missing Debian packages: apt-get as root, sudo otherwise; if neither is possible,
# print the exact command and stop.
deps:
	@missing=""; \
	for spec in $(APT_PKGS); do \
	  pkg=$${spec%%:*}; probe=$${spec#*:}; kind=$${probe%%=*}; what=$${probe#*=}; \
	  if [ "$$kind" = pc ]; then pkg-config --exists $$what 2>/dev/null || missing="$$missing $$pkg"; \
	  elif [ "$$kind" = py ]; then python3 -c "import $$what" 2>/dev/null || missing="$$missing $$pkg"; \
	  else command -v $$what >/dev/null 2>&1 || missing="$$missing $$pkg"; fi; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "hemi: installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	  else echo "hemi: cannot install packages (not root, no sudo). Run:"; \
	       echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq$$missing >/dev/null || \
	    { echo "hemi: apt-get install failed for:$$missing"; exit 1; }; \
	fi
