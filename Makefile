# socialgov: `make run` serves the app, `make test` runs the whole suite. Both work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOCIALGOV := $(BIN)/socialgov
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint typecheck migrations-check i18n i18n-check pytest serve clean fuzz-api fuzz-api-short screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

i18n: install
	$(SOCIALGOV) compilemessages --ignore=.venv --ignore=var >/dev/null

run: install i18n
	$(SOCIALGOV) migrate --no-input
	$(SOCIALGOV) createcachetable
	$(SOCIALGOV) collectstatic --no-input --verbosity 0
	$(SOCIALGOV) library load
	$(SOCIALGOV) demo
	@echo "Serving on http://$(HOST):$(PORT)/ with the monitoring worker beside it (Ctrl-C stops both)"
	@echo "E-mails go to var/mail/ until EMAIL_HOST is set (see .env.example)."
	@trap 'kill $$monitor 2>/dev/null; wait $$monitor 2>/dev/null' EXIT INT TERM; \
	  $(SOCIALGOV) monitor & monitor=$$!; \
	  $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy socialgov config tests

migrations-check: install-dev
	$(SOCIALGOV) makemigrations --check --dry-run

i18n-check: install-dev
	$(BIN)/python -m socialgov.core.i18n_check

pytest: install-dev i18n
	$(BIN)/pytest
	@if [ -n "$$SOCIALGOV_TEST_POSTGRES_URL" ]; then \
	  echo "== the suite again on PostgreSQL =="; \
	  DATABASE_URL="$$SOCIALGOV_TEST_POSTGRES_URL" SECRET_KEY=test-only-not-secret-postgres-run \
	  SOCIALGOV_SECRETS_KEY="$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	    $(BIN)/pytest -m "not browser"; \
	fi

test: lint typecheck migrations-check i18n-check pytest

# schemathesis against a throw-away live instance (demo data, SQLite in a temporary directory),
# once per role, fixed seed: fails on any server error or response that breaks the schema.
FUZZ_EXAMPLES ?= 50
fuzz-api: install-dev i18n
	$(BIN)/python tools/fuzz_api.py --examples $(FUZZ_EXAMPLES)

# The README's screenshots, made from the demo data on a throw-away instance (Chromium).
screenshots: install-dev i18n
	$(BIN)/python tools/screenshots.py

# The short run CI makes after `make test` (a few minutes).
fuzz-api-short: install-dev i18n
	$(BIN)/python tools/fuzz_api.py --examples 3 --phases examples,fuzzing

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
