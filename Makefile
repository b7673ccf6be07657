# The two commands: `make run` and `make test` (see README.md). Both install what is missing on a
# Debian 12 machine (as root: apt-get; npm ci), then build.
SHELL := /bin/bash
.DEFAULT_GOAL := help
JOBS ?= $(shell nproc)
DATA_DIR ?= data
PORT ?= 8080

APT_PACKAGES := build-essential cmake ninja-build ccache pkg-config python3 \
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libsoci-dev libsqlite3-dev libpq-dev \
  libsodium-dev liboath-dev libcli11-dev libfmt-dev libssl-dev libtomlplusplus-dev \
  libxlsxwriter-dev zlib1g-dev libgtest-dev libgmock-dev chromium
TEST_APT_PACKAGES := postgresql-15 chromium wrk poppler-utils sqlite3

help:
	@echo "make run    build, create a demo database, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   build and run every test (unit, store on SQLite and PostgreSQL, API, browser)"

# --- installation ---------------------------------------------------------------------------
.PHONY: deps test-deps
deps:
	@scripts/install-deps $(APT_PACKAGES)
	@scripts/npm-ci web

test-deps: deps
	@scripts/install-deps $(TEST_APT_PACKAGES)
	@scripts/npm-ci tests

# --- building -------------------------------------------------------------------------------
.PHONY: build-release build-debug build-asan web
build-release: deps
	cmake --preset release >/dev/null
	cmake --build build/release --target passerelle -j $(JOBS)

build-debug: deps
	cmake --preset debug >/dev/null
	cmake --build build/debug -j $(JOBS)

build-asan: deps
	cmake --preset asan-ubsan >/dev/null
	cmake --build build/asan-ubsan --target passerelle unit_tests -j $(JOBS)

web: deps
	cd web && npm run build --silent

# --- the two commands -----------------------------------------------------------------------
.PHONY: run test
run: build-release web
	@# A new deployment gets 200 fictional people; later runs only show the demo login again.
	@if [ ! -f "$(DATA_DIR)/master.key" ]; then \
	  build/release/passerelle init --data-dir "$(DATA_DIR)" >/dev/null && \
	  build/release/passerelle demo --data-dir "$(DATA_DIR)" --people 200 --seed 1; \
	else \
	  build/release/passerelle demo --data-dir "$(DATA_DIR)" --people 0; \
	fi
	@echo
	@echo "Open http://127.0.0.1:$(PORT) and sign in as demo.socialworker with the password above."
	@echo "Stop with Ctrl-C."
	@build/release/passerelle serve --data-dir "$(DATA_DIR)" --port $(PORT) --static-dir web/dist

test: test-deps build-debug web build-asan
	@scripts/test-all

.PHONY: bench clean
bench: test-deps build-release web
	bench/run

clean:
	rm -rf build web/dist
