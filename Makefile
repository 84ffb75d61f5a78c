# Shekara — two commands on a fresh machine:
#   make run    set up .venv, build the embedded store, run the main job
#   make test   set up, install the system packages the tests need, run ruff, mypy and every test tier
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha256sum | cut -c1-12)
OUT ?= out
PYDIRS := $(wildcard src tests benchmarks scripts)
LANG_REPORT ?= en

.PHONY: help venv run test lint typecheck pytest system-deps bench constraints clean

help:
	@echo "make run    - set up, build the store and run the main job (output in $(OUT)/)"
	@echo "make test   - set up and run the whole suite (ruff, mypy, pytest incl. PostgreSQL)"
	@echo "make bench  - run the benchmarks and record figures in docs/performance.md"

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

venv: $(STAMP)

run: venv
	$(BIN)/shekara db build
	$(BIN)/shekara summary --out $(OUT)
	$(BIN)/shekara report --lang $(LANG_REPORT) --out $(OUT)

# Debian packages the test tiers need: a PostgreSQL server for the store tests and
# chromium for the dashboard's browser tests (driven by Playwright, never downloaded by it).
DEB_NEEDED = $(if $(wildcard /usr/lib/postgresql/*/bin/pg_ctl),,postgresql) $(if $(wildcard /usr/bin/chromium),,chromium)
system-deps:
	@if [ -n "$(strip $(DEB_NEEDED))" ]; then \
	  echo "installing Debian packages: $(DEB_NEEDED)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_NEEDED) >/dev/null; \
	fi

lint: venv
	$(BIN)/ruff check $(PYDIRS)
	$(BIN)/ruff format --check $(PYDIRS)

typecheck: venv
	$(BIN)/mypy

pytest: venv system-deps
	$(BIN)/pytest

test: lint typecheck pytest

bench: venv
	$(BIN)/python benchmarks/run_all.py

# Refresh the pinned versions after changing dependency ranges in pyproject.toml.
constraints: venv
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^shekara' > constraints.txt

clean:
	rm -rf $(VENV) var $(OUT) .pytest_cache .mypy_cache .ruff_cache
