# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test test-fast lint typecheck format bench bench-taps sample screenshots clean help bytecode
.DEFAULT_GOAL := help

help:
	@echo "make run    - install into .venv and start the dashboard on http://127.0.0.1:8501"
	@echo "make test   - install with test extras, run lint and the whole test suite"
	@echo "make test-fast - the quick tests only (not slow, not browser), in parallel: for the edit-test loop"
	@echo "make typecheck - mypy over diary/, pages/, the app scripts, tests/ and benchmarks/"
	@echo "make bench  - print speed figures: the dashboard in Chromium against a floor app (90 days, 10 years), the library on 90-day to 10-year diaries, the peak memory of reading a 500 MB Apple Health export"
	@echo "make bench-taps - taps and seconds to log a morning on the Log page at phone size (Chromium)"
	@echo "make sample - regenerate sample_data/diary.csv from the sample generator"
	@echo "make screenshots - retake docs/screenshots/<page>.png of the sample diary in Chromium"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

# The diary's own modules, compiled ahead. pip compiles the libraries it installs, but not an
# editable install's own code; where PYTHONDONTWRITEBYTECODE is set, Python would then compile
# them again at every start (0.2 s of `pain-diary analyze`, and of the dashboard's start). Only
# files changed since are compiled again.
COMPILE := $(BIN)/python -m compileall -q diary pages streamlit_app.py dashboard_app.py

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@$(COMPILE)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(COMPILE)
	@touch $@ $(VENV)/.installed

bytecode: $(VENV)/.installed
	@$(COMPILE)

run: bytecode
	$(BIN)/pain-diary run

lint: $(VENV)/.installed-test typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest -n auto

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not slow and not browser" -n auto

bench: $(VENV)/.installed-test bytecode
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_apple_health.py --mb 500 --stdin

bench-taps: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_log_taps.py

sample: $(VENV)/.installed
	$(BIN)/pain-diary sample -o sample_data/diary.csv

screenshots: $(VENV)/.installed-test
	$(BIN)/python -m tests.screenshots --out docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts *.egg-info
