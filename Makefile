# Two commands set everything up: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

# Settings from .env when it exists (see .env.example); the environment wins over it.
-include .env
export

.PHONY: run test lint check venv dev-venv content clean serve reliability bench

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

# As production runs: gunicorn (gunicorn.conf.py), debug off, PostgreSQL from DATABASE_URL,
# static files collected for WhiteNoise. Needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
# DATABASE_URL in the environment or in .env (see README, "Production").
serve: export DJANGO_DEBUG = false
serve: venv
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve needs DATABASE_URL=postgres://... (see README)"; exit 1;; esac
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_content
	$(VENV)/bin/gunicorn kap_site.wsgi:application -c gunicorn.conf.py

# The fault, load and hostile-input proofs (also part of `make test`), with their report.
reliability: dev-venv
	$(PY) -m pytest tests/reliability -q -p no:randomly $(PYTEST_ARGS)

# Speed and memory: production server on loopback, generated corpora, a framework-free
# reference measured in the same run, budgets checked. Writes .cache/benchmark/.
bench: dev-venv
	$(PY) -m kap_site.benchmark $(BENCH_ARGS)
