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
ANALYSIS_SRC := $(sort $(wildcard src/analysis/*.py src/analysis/*/*.py src/analysis/build/templates/report/*))
RAW := $(sort $(wildcard data/raw/*.csv))
PROCESSED_NAMES := projects figures funding participants outcomes services context sources programmes cpi checks
PROCESSED := $(PROCESSED_NAMES:%=data/processed/%.csv)
PROCESSED_STAMP := data/processed/.built
REPORTS_MK := reports/_build/reports.mk
# Optional: a price base year for the real (constant-price) figures, e.g. `make reports BASE_YEAR=2021`.
BASE_YEAR ?=
PIPELINE_ARGS := $(if $(BASE_YEAR),--base-year $(BASE_YEAR),)
# The base year is an input of the data: recorded in a file that changes only when the value does.
BASE_YEAR_FILE := data/processed/.base-year

.PHONY: help setup data reports test lab bench docs clean clean-all FORCE

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

setup: $(INSTALLED) ## Create .venv from requirements.lock (done automatically by the other targets)

# --no-deps: install exactly the pinned set of requirements.lock. The lock omits rfc3987-syntax, an optional format
# checker of jsonschema that compiles a grammar for 2 s at every import of nbformat (once per report built).
$(INSTALLED): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $@

data: $(PROCESSED_STAMP) ## Build data/processed/ from data/raw/ (validated; stops on any data error)

# The pipeline rewrites only tables whose content changed, so reports depend on the tables themselves and are
# rebuilt only when the data they read really changed; the stamp records that the pipeline ran.
$(PROCESSED_STAMP): $(RAW) $(ANALYSIS_SRC) $(INSTALLED) $(BASE_YEAR_FILE)
	$(PY) -m analysis.clean.pipeline $(PIPELINE_ARGS)
	touch $@

$(BASE_YEAR_FILE): FORCE
	@mkdir -p $(dir $@)
	@echo '$(BASE_YEAR)' | cmp -s - $@ || echo '$(BASE_YEAR)' > $@

$(PROCESSED): $(PROCESSED_STAMP) ;

# Reports run two at a time (two cores); `make reports JOBS=1` for one at a time.
JOBS ?= 2
reports: $(PROCESSED_STAMP) ## Build every HTML report and reports/index.html (the main job)
	@$(MAKE) --no-print-directory -j$(JOBS) build-reports

docs: $(INSTALLED) ## Regenerate docs/data_dictionary.md
	$(PY) -m analysis.core.dictionary > docs/data_dictionary.md

test: $(PROCESSED_STAMP) ## Run the test suite (unit, pipeline, notebooks, reports, browser)
	$(PY) -m pytest

lab: $(PROCESSED_STAMP) ## Start JupyterLab on localhost (token required) with the project installed
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.open_browser=False --ServerApp.root_dir=notebooks

bench: $(INSTALLED) ## Benchmark set-up, full vs naive build, no-op and one-change builds, cleaning at scale
	$(PY) -m analysis.dev.bench --sizes $(or $(BENCH_SIZES),10000,100000,1000000) --out docs/benchmarks.md

clean: ## Remove generated data and reports (keeps .venv)
	rm -rf data/processed/*.csv $(PROCESSED_STAMP) $(BASE_YEAR_FILE) reports/*.html reports/pl reports/projects \
	  reports/_build

clean-all: clean ## Also remove .venv
	rm -rf $(VENV)

# --- reports: one real file target per report, generated from notebooks/reports.yml and the project list ----
ifeq ($(MAKECMDGOALS),build-reports)
$(REPORTS_MK): notebooks/reports.yml data/processed/projects.csv $(INSTALLED)
	@mkdir -p $(dir $@)
	$(PY) -m analysis.build.reports makefile -o $@
include $(REPORTS_MK)
.PHONY: build-reports
build-reports: reports/index.html
endif
