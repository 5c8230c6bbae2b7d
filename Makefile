# Two commands set everything up: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

# Settings from .env when it exists (see .env.example); the environment wins over it.
-include .env
export

.PHONY: run test lint check venv dev-venv content clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

# Local development: debug on, SQLite unless DATABASE_URL says otherwise.
run: export DJANGO_DEBUG ?= true
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	@echo "Serving http://$(HOST_PORT)/ (admin: http://$(HOST_PORT)/admin/, create a login with: $(PY) manage.py createsuperuser)"
	$(PY) manage.py runserver $(HOST_PORT)

content: venv
	$(PY) manage.py load_content

# The whole suite. Runs on PostgreSQL when DATABASE_URL is set, SQLite otherwise.
test: dev-venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: dev-venv
	$(VENV)/bin/ruff check .

check: dev-venv
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .cache staticfiles media db.sqlite3
