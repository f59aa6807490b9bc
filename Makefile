# ObRail Observatory. Two commands for a newcomer: `make run` and `make test` (and `make test-fast`
# while changing code).
SHELL := /bin/bash
# The Python of .python-version (pyenv and uv read it), where the tests measure coverage through
# sys.monitoring (Python 3.12+): about a third less CPU than the trace function of 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The open-data mirror (see docs/installation.md); unset it to download from the public URLs.
MIRROR := $(abspath ../shared/data)
ifneq ($(wildcard $(MIRROR)/README.md),)
export OBRAIL_DATA_DIR ?= $(MIRROR)
endif

PYTEST_WORKERS ?= auto
# Python writes its bytecode caches (ignored by git) even where the machine asks it not to:
# otherwise every test worker, server and command the tests start compiles the project (and
# pytest rewrites every test module) again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast install install-dev system-deps lint format types pytest e2e bench lock openapi contract dashboards rules clean docs docs-deps test-results

# A new Python version in .python-version gives a new virtual environment.
$(VENV)/pyvenv.cfg: .python-version
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)

# The locked packages are installed by uv (itself pinned by the lock), with their bytecode
# compiled: about 15 s in a new clone where pip took about 50 s.
UV := $(BIN)/uv
UV_INSTALL := $(UV) pip install --python $(BIN)/python -q --compile-bytecode -c requirements.lock
$(UV): $(VENV)/pyvenv.cfg
	$(BIN)/pip install -q -c requirements.lock uv

$(VENV)/.run-installed: pyproject.toml requirements.lock $(UV)
	$(UV_INSTALL) -e '.[all]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml requirements.lock $(UV)
	$(UV_INSTALL) -e '.[dev]'
	touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed
install-dev: $(VENV)/.dev-installed

## run: the whole product on this machine (embedded PostgreSQL unless OBRAIL_DATABASE_URL is set)
run: install
	$(BIN)/obrail up

## test: install what the tests need (the Python and Node packages side by side), then lint,
## types and every test; lint and types run beside the tests, on the core the tests leave idle
## while they wait on servers and databases (a failure in any of them fails `make test`)
test:
	$(MAKE) --no-print-directory -j2 install-dev docs-deps
	$(MAKE) --no-print-directory -j3 --output-sync=line lint types pytest

## test-fast: unit and API tests on a small synthetic mirror, in parallel: no browser, no load of
## the real mirror, no delivery checks, no report build (tests marked slow, e2e or docs are left
## out). 68 to 110 s on two idle cores, depending on the machine (docs/tests-et-couverture.md).
test-fast: install-dev
	$(BIN)/pytest --mirror=synthetic -m "not slow and not e2e and not docs" -n $(PYTEST_WORKERS) --dist load -q

system-deps:
	./scripts/system-deps.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: install-dev
	$(BIN)/mypy .

pytest: install-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup --cov --cov-report=term --cov-report=xml --junitxml=build/test-results/junit.xml
	@echo "Coverage gate: at least 85% on api/, warehouse/ and quality/"
	$(BIN)/coverage report --include='api/*,warehouse/*,quality/*' --fail-under=85 --format=total

## docs: the technical report and the slides (docs/rapport, docs/soutenance) as PDF and HTML in build/docs/
docs: system-deps docs-deps
	$(PYTHON) -m docsbuild tout --out build/docs

## docs-deps: the pinned Node tools of the docs build (Mermaid CLI, Marp CLI); never downloads a browser
DOCS_NODE := docsbuild/node_modules/.installed
docs-deps: $(DOCS_NODE)
$(DOCS_NODE): docsbuild/package.json docsbuild/package-lock.json | system-deps
	cd docsbuild && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## test-results: record the last `make test` (JUnit report, coverage data) in docs/resultats/tests.json
test-results: install-dev
	$(BIN)/coverage json -q -o build/test-results/coverage.json
	$(PYTHON) -m docsbuild.record --junit build/test-results/junit.xml --coverage build/test-results/coverage.json

bench: install-dev system-deps
	$(BIN)/python -m bench

## openapi: export docs/api/openapi.json and docs/api/reference.md from the API app, and the
## portal's models generated from it (portal/api_models.py); `make contract` is the same
openapi contract: install-dev
	$(BIN)/python -m api.openapi

## dashboards: regenerate the Grafana dashboards (monitoring/grafana/dashboards/*.json) from code
dashboards: install-dev
	$(BIN)/python -m monitoring.dashboards

## rules: regenerate the Prometheus rule files (monitoring/prometheus/rules/*.yml) from code
## (thresholds, windows and job selectors: monitoring/config.py, shared with the dashboards)
rules: install-dev
	$(BIN)/python -m monitoring.rules

## lock: refresh requirements.lock from a clean install of the dev extras
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q -e '.[dev]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^obrail' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage coverage.xml build docsbuild/node_modules
