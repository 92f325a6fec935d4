# Hemi — the two commands a new user needs are `make run` and `make test`.
# Both first install what is missing (Debian packages), then build.

SWIFT      ?= swift
RELEASE    := $(SWIFT) build -c release --static-swift-stdlib
HEMI_REL    = .build/release/hemi
HEMI_DBG    = .build/debug/hemi

# Debian packages: name:probe. The probe is a command (cmd), a pkg-config module (pc) or a Python
# module (py) whose absence means the package is missing.
APT_PKGS := liblua5.4-dev:pc=lua5.4 libedit-dev:pc=libedit pkg-config:cmd=pkg-config \
            lua5.4:cmd=lua5.4 tmux:cmd=tmux sqlite3:cmd=sqlite3 \
            librsvg2-bin:cmd=rsvg-convert python3:cmd=python3 python3-venv:py=ensurepip \
            luarocks:cmd=luarocks

.PHONY: run test build debug deps bench fuzz data clean lua-check surface plugin-tests install install-files uninstall jupyter-test jupyter-venv notebooks

# Installed layout (DESIGN.md): <prefix>/bin/hemi, <prefix>/share/hemi/{data,plugins,types},
# <prefix>/share/man/man1/hemi.1. The binary finds data and plugins from its own location.
# DESTDIR stages an installation for packaging, as usual.
PREFIX     ?= /usr/local
DESTDIR    ?=
BIN        ?= $(HEMI_REL)
MANIFEST    = share/hemi/install-manifest

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

# The last step builds the release binary as `make run` does: the debug build of the tests
# cannot show that it still compiles (a test-only module once broke it).
# Every test step runs under .ci/watchdog: a time limit, the whole output kept in
# .build/test-logs/<step>.log, and on a hang a report of what still runs (which tests, which
# processes) instead of silence until CI's own limit. HEMI_TEST_QUIET=1 (set by .ci/run) shows
# only a digest of each step: CI keeps just the first 32 KiB of a run's output.
WATCH = .ci/watchdog $(if $(HEMI_TEST_QUIET),--quiet)

test: deps lua-check
	$(WATCH) 1800 build $(SWIFT) build --build-tests
	$(WATCH) 2400 swift-test $(SWIFT) test --skip-build --no-parallel
	$(MAKE) --no-print-directory plugin-tests
	$(MAKE) --no-print-directory jupyter-test
	$(WATCH) 2400 release-build $(RELEASE)
	@echo "make test: all test suites ran"

# The bundled plugins' own tests (plugins/*/tests/*.lua), run the way a plugin author runs them.
plugin-tests:
	$(WATCH) 600 plugin-tests $(HEMI_DBG) plugin test $(sort $(dir $(wildcard plugins/*/init.lua)))

# The kernel through Jupyter: jupyter_kernel_test's suite, interrupts, the tour notebook by nbclient.
jupyter-test: jupyter-venv
	$(WATCH) 1800 build $(SWIFT) build
	$(WATCH) 1200 jupyter Tests/Jupyter/run.sh

jupyter-venv: $(VENV)/.installed

# After a change to the data or the rendering: run the example notebooks again, in place.
notebooks: jupyter-venv
	$(SWIFT) build
	Tests/Jupyter/run.sh --refresh

$(VENV)/.installed: $(PY_REQS)
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(WATCH) 1200 jupyter-venv $(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(PY_REQS)
	@touch $@

bench: deps build
	Benchmarks/run.sh

fuzz: deps
	Benchmarks/fuzz.sh

# Public declarations per module (.ci/public-surface.sh [REVISION]): what each module exports.
surface:
	.ci/public-surface.sh

# Every .lua embedded in the binary (Sources/<Module>/Lua/, see Sources/Scripting/README.md)
# must compile with the reference compiler. One file per luac call: luac 5.4.4 given several
# files with -p frees twice and aborts.
lua-check: deps
	@find Sources -path '*/Lua/*' -name '*.lua' | sort | while read -r f; do \
	  luac5.4 -p "$$f" || { echo "lua-check: $$f does not compile"; exit 1; }; \
	done
	@echo "lua-check: every embedded .lua compiles"

# Rebuild the bundled dataset from ../shared/data/raw (see Sources/PolicyData/DATA.md).
data:
	python3 Sources/PolicyData/build/build_dataset.py

clean:
	rm -rf .build

# `make install PREFIX=~/.local`: the release binary, then install-files. Each file and each
# folder the installation created is recorded in <prefix>/share/hemi/install-manifest, which
# `make uninstall` reads to remove exactly those and nothing else. Installing again first
# removes what the previous installation recorded (a plugin dropped since then goes too).
install: build
	@$(MAKE) --no-print-directory install-files PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" BIN="$(BIN)"

# install-files installs an already built $(BIN) (tests pass the debug binary).
install-files:
	@set -e; root="$(DESTDIR)$(PREFIX)"; bin="$(BIN)"; \
	[ -x "$$bin" ] || { echo "make install: no binary at $$bin (run make build)"; exit 1; }; \
	case "$$root" in /*) ;; *) root="$$PWD/$$root";; esac; \
	if [ -f "$$root/$(MANIFEST)" ]; then $(MAKE) --no-print-directory uninstall PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"; fi; \
	stage=$$(mktemp -d); trap 'rm -rf "$$stage"' EXIT; \
	"$$bin" --man > "$$stage/hemi.1"; "$$bin" --types > "$$stage/hemi.lua"; \
	: > "$$stage/files"; : > "$$stage/dirs"; \
	put() { d=$$(dirname "$$root/$$2"); new=""; \
	  while [ ! -d "$$d" ]; do new="$$d\n$$new"; d=$$(dirname "$$d"); done; \
	  printf "$$new" | while read -r n; do [ -n "$$n" ] || continue; \
	    if [ "$$n" = "$$root" ]; then echo . ; else echo "$${n#$$root/}"; fi >> "$$stage/dirs"; done; \
	  mkdir -p "$$(dirname "$$root/$$2")"; install -m "$$3" "$$1" "$$root/$$2"; echo "$$2" >> "$$stage/files"; }; \
	put "$$bin" bin/hemi 755; \
	for f in Sources/PolicyData/Resources/*; do put "$$f" "share/hemi/data/$${f##*/}" 644; done; \
	for f in $$(cd plugins && find . -type f ! -name '.*' | sort); do put "plugins/$$f" "share/hemi/plugins/$${f#./}" 644; done; \
	put "$$stage/hemi.lua" share/hemi/types/hemi.lua 644; \
	put Sources/REPL/Kernel/python/hemi_kernel.py share/hemi/jupyter/hemi_kernel.py 644; \
	put "$$stage/hemi.1" share/man/man1/hemi.1 644; \
	{ echo "# Installed by make install; make uninstall PREFIX=$(PREFIX) removes these."; \
	  sed 's/^/f /' "$$stage/files"; sed 's/^/d /' "$$stage/dirs"; echo "f $(MANIFEST)"; } > "$$stage/manifest"; \
	install -m 644 "$$stage/manifest" "$$root/$(MANIFEST)"; \
	echo "hemi installed in $$root ($$(wc -l < "$$stage/files") files; manifest $$root/$(MANIFEST))"

# Removes the files the manifest lists, then the folders the installation created, deepest
# first and only when empty (a folder something else put a file in stays).
uninstall:
	@set -e; root="$(DESTDIR)$(PREFIX)"; \
	case "$$root" in /*) ;; *) root="$$PWD/$$root";; esac; \
	m="$$root/$(MANIFEST)"; \
	[ -f "$$m" ] || { echo "make uninstall: no installation manifest at $$m"; exit 1; }; \
	list=$$(cat "$$m"); \
	printf '%s\n' "$$list" | grep '^f ' | cut -c3- | while read -r f; do rm -f "$$root/$$f"; done; \
	printf '%s\n' "$$list" | grep '^d ' | cut -c3- | awk '{ print length($$0) "\t" $$0 }' | sort -rn | cut -f2- | \
	  while read -r d; do if [ "$$d" = . ]; then p="$$root"; else p="$$root/$$d"; fi; rmdir "$$p" 2>/dev/null || true; done; \
	echo "hemi uninstalled from $$root"

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
