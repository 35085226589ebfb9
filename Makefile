# One front door: the same commands locally and in CI.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= build/demo.duckdb
DATA ?=
SHARED ?= ../shared/data

.PHONY: demo test lint format bench fuzz figures clean browser

# passed on to the tests (tests/machine.py): a Chromium of your own, or skip the browser tests
export CHROMIUM TRUCEWATCH_SKIP_BROWSER

$(BIN)/trucewatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/trucewatch
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/trucewatch
	mkdir -p build
	rm -f $(DB) $(DB).wal
	$(BIN)/trucewatch demo --db $(DB) $(if $(DATA),--data $(DATA),--shared $(SHARED))

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests benchmarks docs/figures
	$(BIN)/ruff format --check src tests benchmarks docs/figures
	$(BIN)/mypy src

format: $(VENV)/.dev
	$(BIN)/ruff format src tests benchmarks docs/figures
	$(BIN)/ruff check --fix src tests benchmarks docs/figures

# the browser tests need Debian's Chromium: installed if missing (scripts/ensure-chromium.sh)
browser:
	scripts/ensure-chromium.sh

test: lint browser
	$(BIN)/python -m pytest

bench: $(VENV)/.dev
	$(BIN)/python benchmarks/ingest.py
	NUMBA_NUM_THREADS=1 $(BIN)/python benchmarks/verdicts.py
	$(BIN)/python benchmarks/validate_effect.py

# hostile inputs against every input path and the outcome table (benchmarks/fuzz.py; ~10,000
# cases, about 15 minutes on 2 cores): make fuzz FUZZ_ARGS="--cases 2000 --seed 7 --targets news"
FUZZ_ARGS ?=
fuzz: $(VENV)/.dev
	$(BIN)/python benchmarks/fuzz.py $(FUZZ_ARGS)

# the figures in docs/report.md, from the real data in ../shared/data
figures: $(VENV)/.dev
	$(BIN)/python docs/figures/make_figures.py

clean:
	rm -rf build .pytest_cache .ruff_cache
