# Socius: every habit is one target. `make run` and `make test` need nothing but this checkout.
SHELL := /bin/bash
PYENV_PYTHON := /root/.pyenv/versions/3.13.0/bin/python3.13
PYTHON ?= $(shell if [ -x $(PYENV_PYTHON) ]; then echo $(PYENV_PYTHON); else command -v python3.13 || echo python3; fi)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := SOCIUS_DEBUG=1 SOCIUS_SUPPORT_DEV_PROVIDER_URL=http://127.0.0.1:$(PAY_PORT)
OIDC_PORT ?= 9000
# The development payment provider (socius/support/payments/devserver; docs/support.md).
PAY_PORT ?= 9100
# The demo's loopback OpenID Connect provider (tools/oidc-provider; docs/proposals.md).
DEMO_OIDC := SOCIUS_PROPOSALS_OIDC_ISSUER=http://127.0.0.1:$(OIDC_PORT) SOCIUS_PROPOSALS_OIDC_CLIENT_ID=socius \
  SOCIUS_PROPOSALS_OIDC_CLIENT_SECRET=socius-test-secret SOCIUS_PROPOSALS_OIDC_SCOPES="openid profile municipality cpr"

.PHONY: run test lint format messages bench lock worker demo-code check-deploy clean oidc-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	touch $(VENV)/.installed $@

## Serve the platform with Danish demo content on SQLite at http://$(HOST):$(PORT)
run: $(VENV)/.installed
	mkdir -p var
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(DEV_ENV) $(BIN)/python manage.py createcachetable
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving Socius on http://$(HOST):$(PORT) (a task worker runs beside it)"
	@trap 'kill 0' EXIT INT TERM; \
	  if command -v node >/dev/null && (cd tools/oidc-provider && npm ci --no-audit --no-fund --silent); then \
	    echo "Signing citizen proposals: a demo OpenID Connect provider on http://127.0.0.1:$(OIDC_PORT) (anyone can be anyone there)"; \
	    (cd tools/oidc-provider && OIDC_PORT=$(OIDC_PORT) OIDC_REDIRECT_URIS=http://$(HOST):$(PORT)/borgerforslag/oidc/callback/,http://$(HOST):$(PORT)/stoet/fradrag/cpr/mitid/retur/ node server.mjs) & \
	    export $(DEMO_OIDC); \
	  else echo "No Node.js: citizen proposals take paper signatures only in this demo."; fi; \
	  echo "Paying in the demo: a development payment provider on http://127.0.0.1:$(PAY_PORT) (no real money)"; \
	  $(DEV_ENV) $(BIN)/python manage.py payments_devserver --port $(PAY_PORT) --platform http://$(HOST):$(PORT) & \
	  $(DEV_ENV) $(BIN)/python manage.py db_worker --no-reload -v0 & \
	  $(DEV_ENV) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

## Run every check and the whole test suite on SQLite and PostgreSQL
test: $(VENV)/.installed-dev
	PYTHON_BIN=$(BIN)/python bash scripts/test.sh

## The loopback OpenID Connect provider for signing citizen proposals in the demo (docs/proposals.md)
oidc-demo:
	cd tools/oidc-provider && npm ci --no-audit --no-fund --silent && OIDC_PORT=9000 node server.mjs

## A task worker (production: see docs/operations.md)
worker: $(VENV)/.installed
	$(BIN)/python manage.py db_worker

demo-code: $(VENV)/.installed
	@$(DEV_ENV) $(BIN)/python manage.py demo_code

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/mypy socius

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Extract messages and check the Danish catalogue is complete
messages: $(VENV)/.installed-dev
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l da -l en --ignore=.venv --ignore=bench --no-location --no-obsolete
	$(DEV_ENV) $(BIN)/python manage.py makemessages -d djangojs -l da -l en --ignore=.venv --ignore=staticfiles --ignore='socius/static/vendor/*' --ignore='socius/tests_support/*' --no-location --no-obsolete
	$(BIN)/python scripts/check_translations.py

## Benchmarks (see bench/README.md)
bench: $(VENV)/.installed-dev
	PYTHON_BIN=$(BIN)/python bash bench/run.sh
	$(DEV_ENV) $(BIN)/python -m bench.allocation
	$(DEV_ENV) $(BIN)/python -m bench.deliberation
	$(DEV_ENV) $(BIN)/python -m bench.forum
	$(BIN)/python -m bench.whistleblowing
	PYTHON_BIN=$(BIN)/python bash bench/search.sh
	PYTHON_BIN=$(BIN)/python bash bench/proposals_surge.sh
	$(DEV_ENV) $(BIN)/python -m bench.atlas_import
	$(DEV_ENV) $(BIN)/python -m bench.atlas_pages
	PYTHON_BIN=$(BIN)/python bash bench/events_registration.sh
	PYTHON_BIN=$(BIN)/python bash bench/events_live.sh
	PYTHON_BIN=$(BIN)/python bash bench/support_payments.sh
	$(BIN)/python bench/support_tax_report.py
	$(BIN)/python bench/procurement_rules.py
	$(BIN)/python bench/procurement_ocds.py
	$(BIN)/python -m bench.plans_page
	$(BIN)/python bench/plans_outcomes.py
	PYTHON_BIN=$(BIN)/python bash bench/school_lesson.sh
	$(BIN)/python -m bench.thread
	PYTHON_BIN=$(BIN)/python bash bench/thread.sh

## Re-lock dependencies with hashes after editing pyproject.toml
lock: | $(BIN)/python
	$(BIN)/pip install --quiet "uv>=0.13"
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.13 --python-platform x86_64-unknown-linux-gnu -q -o requirements.txt --custom-compile-command "make lock"
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.13 --python-platform x86_64-unknown-linux-gnu -q -o requirements-dev.txt --custom-compile-command "make lock"

check-deploy: $(VENV)/.installed
	SOCIUS_SECRET_KEY=$$(head -c 64 /dev/urandom | base64 -w0) SOCIUS_PROPOSALS_IDENTITY_KEY=$$(head -c 48 /dev/urandom | base64 -w0) SOCIUS_WHISTLEBLOWING_RECEIPT_SALT=$$(head -c 24 /dev/urandom | base64 -w0) SOCIUS_ALLOWED_HOSTS=socius.example $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .mypy_cache .ruff_cache
