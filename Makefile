# sheettools — the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

MIN := .venv-min
.PHONY: demo test test-min lint format system-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,keyring,pandas]'
	@# bytecode for the editable install (pip compiles only what it copies): the merge's reader
	@# workers start faster, also where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

## demo: create .venv, install, run the whole quarterly cycle on samples/ (outputs in demo-out/)
demo: $(STAMP)
	$(BIN)/python scripts/demo.py

## test: create .venv if needed, install the system programs the tests use, lint, run the suite
##       (twice: once more with SHEETTOOLS_PORTABLE=1, the reader pool Windows uses), then
##       once more with every dependency at its declared minimum (test-min)
test: $(STAMP) system-deps
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy
	@# the whole suite again through the portable reader pool (the one Windows uses)
	SHEETTOOLS_PORTABLE=1 $(BIN)/python -m pytest -p no:cacheprovider
	$(BIN)/python -m pytest
	$(MAKE) test-min

## test-min: the suite in .venv-min, every dependency pinned to its lower bound in setup.cfg
test-min: system-deps
	test -x $(MIN)/bin/python || $(PYTHON) -m venv $(MIN) || python3 -m venv $(MIN)
	python3 scripts/min_versions.py > $(MIN)/constraints.txt
	$(MIN)/bin/python -m pip install --quiet -c $(MIN)/constraints.txt -e '.[test,keyring,pandas]'
	$(MIN)/bin/python -m pytest -p no:cacheprovider

## system-deps: LibreOffice (a real spreadsheet client) and dovecot (a real IMAP server) from Debian
system-deps:
	@bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests scripts benchmarks
	$(BIN)/ruff check --fix src tests scripts benchmarks

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) $(MIN) demo-out build dist src/*.egg-info .pytest_cache
