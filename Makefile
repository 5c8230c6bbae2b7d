# Two commands set everything up: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000

# Settings come from the environment, then from .env, read by the settings themselves (so the
# environment wins, as in production); make does not read .env.

# Web server and worker together (Procfile, Procfile.dev), from the virtualenv. honcho's own
# .env reading is off (-e /dev/null): it would let the file override the real environment;
# the settings read .env themselves, with the environment winning.
HONCHO := env PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start -e /dev/null

.PHONY: run test lint check venv dev-venv content clean serve reliability bench superuser messages translations

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	# The pronouncing dictionary the readability check needs, into the virtualenv (not the code).
	$(PY) -m articles.readability
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

# The Spanish translations (locale/es/LC_MESSAGES/django.po), compiled for Django (GNU gettext's
# msgfmt). `make messages` gathers new strings from the code into the .po file to translate.
translations: venv
	@command -v msgfmt >/dev/null || { echo "compilemessages needs GNU gettext: apt-get install gettext" >&2; exit 1; }
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv -v0

messages: venv
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l es --no-obsolete --no-location \
	  -i ".venv/*" -i "tests/*" -i "bench/*" -i "staff/*" -i "templates/admin/*" -i "templates/registration/*"

# Local development: debug on, SQLite unless DATABASE_URL says otherwise. Makes a development
# .env (from .env.example) when there is none, so every manage.py command works as it is.
run: export DJANGO_DEBUG ?= true
run: export SITE_URL ?= http://$(HOST_PORT)
run: venv translations
	@test -f .env || { cp .env.example .env; echo "Made .env for development (debug on, SQLite)."; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	@echo "Serving http://$(HOST_PORT)/ with the background worker. Admin: http://$(HOST_PORT)/admin/ (make a login: make superuser)"
	@HOST_PORT=$(HOST_PORT) $(HONCHO) -f Procfile.dev

# A staff login with every permission, and its two-factor key (a QR code for an authenticator app).
superuser: venv
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py create_staff_login

content: venv
	$(PY) manage.py load_content

# The whole suite. Runs on PostgreSQL when DATABASE_URL is set, SQLite otherwise.
test: dev-venv translations
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
serve: venv translations
	@$(PY) manage.py shell -v0 -c "import sys; from django.db import connection; \
	  sys.exit(connection.vendor != 'postgresql' and 'make serve needs DATABASE_URL=postgres://... (see README)')"
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_content
	@exec $(HONCHO) -f Procfile

# The fault, load, restart and mail-outage proofs against gunicorn and the worker (also part of
# `make test`), with their report.
reliability: dev-venv translations
	$(PY) -m pytest tests/reliability -q -p no:randomly $(PYTEST_ARGS)

# Speed and memory: production server on loopback, generated corpora, a framework-free
# reference measured in the same run, budgets checked (bench/). Writes .cache/benchmark/.
bench: dev-venv translations
	$(PY) -m bench $(BENCH_ARGS)
