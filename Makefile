# crewplan: two commands on a fresh machine.
#   make demo   set up .venv and run the main job on the built-in scenario
#   make test   set up .venv with the dev extra (Chromium for the report test, PostgreSQL for the storage
#               tests) and run all tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
OUT    ?= out
# Installs come from the lock files (exact versions and hashes, resolved for CPython 3.11 on Linux);
# `make lock` refreshes them with uv from pyproject.toml's ranges.
LOCK    := requirements/runtime.lock
DEVLOCK := requirements/dev.lock
UV_VERSION := 0.13.9
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test lint bench chromium postgresql screenshot clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r $(LOCK)
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(DEVSTAMP): $(DEVLOCK) pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes --no-deps -r $(DEVLOCK)
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@ $(STAMP)

# Refresh both lock files (the dev lock keeps the runtime lock's versions); then run `make test`.
lock: | $(BIN)/python
	$(PIP) uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --python-version 3.11 --generate-hashes \
	  --upgrade --quiet -o $(LOCK)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra dev --python-version 3.11 \
	  --generate-hashes --upgrade --quiet -c $(LOCK) -o $(DEVLOCK)

demo: $(STAMP)
	$(BIN)/crewplan plan --out $(OUT)

# The report test renders the HTML report in a real headless browser: Debian's chromium package.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	    else echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser test"; fi; }

# The storage tests start a throwaway PostgreSQL cluster (initdb/pg_ctl): Debian's postgresql package.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	    else echo "PostgreSQL is missing: run 'sudo apt-get install postgresql' for the storage tests"; fi; }

test: $(DEVSTAMP) chromium postgresql
	$(BIN)/python -m pytest -q

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

# Benchmarks record their figures in docs/benchmarks.md by hand (machine, command, date); the planner's
# L size takes several minutes.
bench: $(DEVSTAMP) chromium postgresql
	$(BIN)/python benchmarks/bench_windows.py --repeat 5
	$(BIN)/python benchmarks/bench_check.py --repeat 5
	$(BIN)/python benchmarks/bench_plan.py --sizes S M L --time-limit 120
	$(BIN)/python benchmarks/bench_service.py --processes 2
	$(BIN)/python benchmarks/bench_timeline.py

screenshot: $(DEVSTAMP) chromium
	$(BIN)/crewplan plan --out $(OUT) > /dev/null
	$(BIN)/python scripts/screenshot.py $(OUT)/manifest.yaml

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache $(OUT)
