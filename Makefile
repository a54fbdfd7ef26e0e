# Open analysis of EU-co-financed social-inclusion projects of welfare centres.
# `make reports` builds everything from data/raw/ (creating .venv on first use); `make test` runs the tests.
SHELL := /bin/bash
.DELETE_ON_ERROR:
.SECONDARY:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
INSTALLED := $(VENV)/.installed
# The list of processed tables is the data dictionary's (a test checks that PROCESSED_NAMES agrees with it).
PROCESSED_NAMES := projects figures funding participants outcomes services context sources programmes rules rule_checks cpi checks
# Optional: a price base year for the real (constant-price) figures, e.g. `make reports BASE_YEAR=2021`. Checked
# here, by make itself, before any shell sees it: four digits or nothing (then passed quoted all the same).
BASE_YEAR ?=
_YEAR_CHARS := $(subst 0,0 ,$(subst 1,1 ,$(subst 2,2 ,$(subst 3,3 ,$(subst 4,4 ,$(subst 5,5 ,$(subst 6,6 ,$(subst \
	7,7 ,$(subst 8,8 ,$(subst 9,9 ,$(value BASE_YEAR)))))))))))
BASE_YEAR_OK := $(if $(value BASE_YEAR),$(and $(filter 1,$(words $(value BASE_YEAR))),$(filter 4,$(words \
	$(_YEAR_CHARS))),$(if $(filter-out 0 1 2 3 4 5 6 7 8 9,$(_YEAR_CHARS)),,yes)),yes)
PIPELINE_ARGS := --raw data/raw --sources data/sources --out data/processed \
	$(if $(BASE_YEAR_OK),$(if $(value BASE_YEAR),--base-year '$(value BASE_YEAR)'))
# Reports built at once (default: the machine's cores); `make reports JOBS=1` for one at a time.
JOBS ?=
# Seconds a report's cell may run before the build gives up on it (default 600): `make reports TIMEOUT=1200`.
TIMEOUT ?=
REPORTS_ARGS := $(if $(JOBS),--jobs $(JOBS),) $(if $(TIMEOUT),--timeout $(TIMEOUT),)

.PHONY: help setup data reports test test-quick test-data test-faults lint format lab bench docs clean clean-all \
	source-add check-source

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

setup: $(INSTALLED) ## Create .venv from requirements.lock (done automatically by the other targets)

# --no-deps: install exactly the pinned set of requirements.lock. The lock omits rfc3987-syntax, an optional format
# checker of jsonschema that compiles a grammar for 2 s at every import of nbformat.
# --compile-bytecode: this environment sets PYTHONDONTWRITEBYTECODE=1, so without .pyc files every kernel and every
# command would compile pandas, matplotlib and nbconvert from source again (about 2 s each).
$(INSTALLED): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) --no-deps -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

# Always asks the cleaning stage, which decides by content (the sha256 of every input and output recorded in
# data/processed/.manifest.json), never by modification times: a raw file copied with an old date is built, a
# processed table edited by hand is rebuilt, and a no-op takes a tenth of a second (analysis.clean.make_data).
data: $(INSTALLED) ## Build data/processed/ from data/raw/ (validated; stops on any data error)
	$(if $(BASE_YEAR_OK),,$(error BASE_YEAR must be a year of four digits, e.g. BASE_YEAR=2021; found '$(value BASE_YEAR)'))
	@$(PY) -m analysis.clean.make_data $(PIPELINE_ARGS) --reports-dir reports

# One process decides what is stale from each report's own inputs and builds only that (analysis.publish.driver).
reports: data ## Build every HTML report and reports/index.html (the main job)
	@$(PY) -m analysis.publish build $(REPORTS_ARGS)

# The API reference is pdoc's HTML of the docstrings (not committed: docs/api/ is rebuilt here).
API_MODULES := analysis.api analysis.core.bounds analysis.core.prices analysis.core.peers analysis.core.dictionary
docs: $(INSTALLED) ## Regenerate docs/data_dictionary.md, data/raw/README.md's reference and the API reference (docs/api/)
	$(PY) -m analysis.core.dictionary > docs/data_dictionary.md
	$(PY) -m analysis.clean.guide
	rm -rf docs/api
	$(VENV)/bin/pdoc --docformat restructuredtext --no-show-source -o docs/api $(API_MODULES)
	@echo "API reference: docs/api/index.html"

source-add: $(INSTALLED) ## Store and register a document: make source-add FILE=page.txt ID=slug ARGS='--publisher "…" --title "…"'
	$(PY) -m analysis.clean.sources add $(FILE) --id $(ID) $(ARGS)

check-source: $(INSTALLED) ## Quotes not found and digits not yet transcribed of a document (ID=slug; all without)
	$(PY) -m analysis.clean.sources check $(ID)

# Tests run on every core (pytest-xdist); `make test TEST_JOBS=0` runs them in one process.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: data ## Run the whole test suite (unit, data, notebooks, reports in a browser, faults)
	$(PY) -m pytest -n $(TEST_JOBS)

test-quick: data ## Only the fast tests: parsers, raw tables, pipeline, units (no notebooks, no browser)
	$(PY) -m pytest -m "not slow and not browser"

test-data: $(INSTALLED) ## Quick: raw tables, documents, parsers, pipeline (no notebooks, no browser)
	$(PY) -m pytest -q -m "not slow and not browser" tests/test_transcription.py tests/test_new_document.py \
	  tests/test_parsing.py tests/test_pipeline.py tests/test_broken_inputs.py tests/test_outputs.py \
	  tests/test_dictionary.py

test-faults: data ## Only the fault-injection tests of the build (kills, disk full, leftovers)
	$(PY) -m pytest -m faults

lint: $(INSTALLED) ## ruff, mypy, and the import contracts of the stages (CI runs it before the tests)
	$(VENV)/bin/ruff check src tests notebooks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# The house style is ruff's lint rules (line length 120, imports sorted), not a reformatter's layout: `format`
# applies the fixes ruff can make safely and strips outputs from the notebooks.
format: $(INSTALLED) ## Apply ruff's safe fixes (imports sorted, old syntax upgraded) and strip notebook outputs
	$(VENV)/bin/ruff check --fix src tests notebooks
	$(VENV)/bin/nbstripout notebooks/*.ipynb

lab: data ## Start JupyterLab on localhost (token required) with the project installed
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.open_browser=False --ServerApp.root_dir=notebooks \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(INSTALLED) ## Benchmark set-up, full vs naive build, no-op and one-change builds, cleaning at scale
	$(PY) -m analysis.dev.bench --sizes $(or $(BENCH_SIZES),10000,100000,1000000) --out docs/benchmarks.md

# Through the build's lock (analysis.publish.clean): while a build runs it names it and removes nothing. Standard
# library only: without .venv the system's Python runs it.
clean: ## Remove generated data and reports (keeps .venv; refused while a build runs)
	@PYTHONPATH=src $(if $(wildcard $(PY)),$(PY),$(PYTHON)) -m analysis.publish.clean --processed-dir data/processed \
	  --reports-dir reports

clean-all: clean ## Also remove .venv
	rm -rf $(VENV)
