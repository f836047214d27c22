# News ETL: `make demo` and `make test` are the quickstart; `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed

# Airflow runs from the repository: its home, DAGs and plugins live here, never in ~/airflow.
export AIRFLOW_HOME ?= $(CURDIR)/.airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(CURDIR)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export PATH := $(BIN):$(PATH)
# pip: no prompts, no version nags in CI logs.
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv demo test test-slow lint unit lock clean db-stop airflow airflow-stop e2e e2e-deps bench bench-large bench-fetch bench-quality

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

venv: $(STAMP) ## create .venv from the pinned requirements (re-runs when a lock file changes)

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

demo: venv ## embedded PostgreSQL (unless NEWS_DB_URL), migrations, a real news_ingest_files run over seeds/, report
	@echo "== warehouse: $$($(BIN)/news-etl db-url)"
	@$(BIN)/news-etl migrate
	@mkdir -p $(AIRFLOW_HOME)
	@$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/db-migrate.log 2>&1 || { tail -30 $(AIRFLOW_HOME)/db-migrate.log; exit 1; }
	@echo "== airflow dags test news_ingest_files (log: $(AIRFLOW_HOME)/demo-dag-test.log)"
	@$(BIN)/airflow dags test news_ingest_files -c '{"paths": ["$(CURDIR)/seeds"], "batch_size": 4}' \
		> $(AIRFLOW_HOME)/demo-dag-test.log 2>&1 || { grep -E "ERROR|error|Traceback|failed" $(AIRFLOW_HOME)/demo-dag-test.log | tail -30; exit 1; }
	@grep -oE "(batch [0-9]+/[0-9]+: [^[]*|run [0-9]+ succeeded[^[]*)" $(AIRFLOW_HOME)/demo-dag-test.log || true
	@echo
	@$(BIN)/news-etl report

lint: venv ## ruff (with Airflow's AIR rules) and mypy --strict on the package
	$(BIN)/ruff check .
	$(BIN)/mypy

unit: venv ## the fast tests only (no database, no Airflow runs)
	$(BIN)/python -m pytest tests/unit -q

test: lint ## lint, then the test suite against a real PostgreSQL (the slow fault tests: make test-slow)
	$(BIN)/python -m pytest -q -m "not slow"

test-slow: venv ## the slow fault-injection suite: SIGKILLs, a PostgreSQL restart, the full fuzz (CI runs it)
	$(BIN)/python -m pytest -q -m slow

# Benchmarks (bench/run.py): bare trafilatura vs the real DAG through LocalExecutor, side by side in one run.
BENCH_DOCS ?= 10000
BENCH_BATCH ?= 250

bench: venv ## benchmark on 1,000 generated pages: pipeline vs bare trafilatura, shares, memory (~3 min)
	$(BIN)/python bench/run.py --docs 1000 --batch-size $(BENCH_BATCH)

bench-large: venv ## the same on BENCH_DOCS pages (10000 by default; 100000 takes hours on 2 cores)
	$(BIN)/python bench/run.py --docs $(BENCH_DOCS) --batch-size $(BENCH_BATCH)

bench-quality: venv ## extraction quality on the WCXB dev set, then on other tools' test pages (held out), vs bare trafilatura
	$(BIN)/python bench/extraction_quality.py --processes 2
	$(BIN)/python bench/heldout.py

bench-fetch: venv ## fetch stage alone: 1-64 loopback domains, sequential vs threads, against politeness limits (~2 min)
	$(BIN)/python bench/fetch.py

db-stop: venv ## stop the embedded PostgreSQL server
	$(BIN)/news-etl db-stop

airflow: venv ## airflow standalone in the background: UI and API on AIRFLOW_PORT (8080); prints the URL and login
	@$(BIN)/python scripts/airflow_local.py start

airflow-stop: ## stop every process `make airflow` started
	@$(BIN)/python scripts/airflow_local.py stop

# The browser test drives Debian's chromium (never a browser download): installed only when missing.
e2e-deps:
	@test -x /usr/bin/chromium || { $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
		$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium; }

e2e: venv e2e-deps ## end to end: the UI in headless Chromium, the REST API v2, Celery scale-out (a few minutes)
	NEWS_E2E=1 $(BIN)/python -m pytest -q -m e2e tests/e2e

lock: ## re-pin requirements*.lock from a fresh resolve of pyproject.toml (needs PyPI)
	rm -rf /tmp/news-etl-lock && $(PYTHON) -m venv /tmp/news-etl-lock
	/tmp/news-etl-lock/bin/pip install --quiet pip==25.3 && /tmp/news-etl-lock/bin/pip install --quiet ".[celery]"
	/tmp/news-etl-lock/bin/pip freeze --exclude-editable | grep -v '^news-etl' > requirements.lock.new
	@echo "wrote requirements.lock.new: review, then move it over requirements.lock"

clean: ## remove the virtualenv, Airflow home and embedded database (stops the server first)
	-$(BIN)/news-etl db-stop
	rm -rf $(VENV) .airflow .data .pytest_cache .mypy_cache .ruff_cache
