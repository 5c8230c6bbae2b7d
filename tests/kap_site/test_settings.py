"""With debug off, the site refuses to start on an unsafe configuration."""

import os
import subprocess
import sys

from django.conf import settings


def start(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import kap_site.settings"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=False,
    )


GOOD_KEY = "k" * 20 + "Q9x!" * 10


def test_refuses_to_start_without_secret_key():
    result = start(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_refuses_a_short_secret_key():
    result = start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    result = start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr
    result = start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_starts_with_real_production_values():
    result = start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=GOOD_KEY, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_development_defaults_work_on_a_laptop():
    result = start(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql():
    code = "import kap_site.settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_DEBUG="true", DATABASE_URL="postgres://u@127.0.0.1:5432/kapdb")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment,
                            capture_output=True, text=True, check=False)
    assert result.stdout.split() == ["django.db.backends.postgresql", "kapdb"]


def test_refuses_a_pasted_placeholder_key():
    placeholder = '<run: python3 -c "import secrets; print(secrets.token_urlsafe(50))">'
    result = start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=placeholder, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
