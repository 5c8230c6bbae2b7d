"""Settings come from the environment and .env; with debug off, the site refuses to start on an
unsafe configuration."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "k" * 20 + "Q9x!" * 10
PRODUCTION = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "example.org",
              "SITE_URL": "https://www.example.org"}


def clean_environment(env_file="/dev/null", **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "SITE_URL"}
    environment.update(DJANGO_ENV_FILE=str(env_file), **env)
    return environment


def start(**env):
    return subprocess.run(
        [sys.executable, "-c", "import kap_site.settings"],
        cwd=settings.BASE_DIR, env=clean_environment(**env), capture_output=True, text=True, check=False,
    )


def manage(*args, env_file, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=clean_environment(env_file, **env),
        capture_output=True, text=True, check=False, timeout=120,
    )


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
    result = start(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_refuses_to_start_without_the_sites_address():
    for site_url in ["", "http://127.0.0.1:8000", "www.example.org"]:
        result = start(**{**PRODUCTION, "SITE_URL": site_url})
        assert result.returncode != 0 and "SITE_URL" in result.stderr, site_url


def test_management_commands_read_dotenv_with_no_prefix(tmp_path):
    """After `make run` made a development .env, `manage.py <command>` just works."""
    dotenv = tmp_path / ".env"
    dotenv.write_text("DJANGO_DEBUG=true\nPRACTICE_NAME=Harbor Light Care\n")
    code = "from django.conf import settings; print(settings.DEBUG, settings.PRACTICE_NAME, settings.SITE_URL)"
    result = manage("shell", "-c", code, env_file=dotenv)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True Harbor Light Care http://127.0.0.1:8000"
    # The real environment wins over the file.
    result = manage("shell", "-c", code, env_file=dotenv, PRACTICE_NAME="Other")
    assert result.stdout.strip().splitlines()[-1] == "True Other http://127.0.0.1:8000"


def test_the_example_env_file_is_a_working_development_setup():
    result = manage("check", env_file=settings.BASE_DIR / ".env.example")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_defaults_work_on_a_laptop():
    result = start(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_database_url_selects_postgresql():
    code = "import kap_site.settings as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
    environment = clean_environment(DJANGO_DEBUG="true", DATABASE_URL="postgres://u@127.0.0.1:5432/kapdb")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment,
                            capture_output=True, text=True, check=False)
    assert result.stdout.split() == ["django.db.backends.postgresql", "kapdb"]


def test_refuses_a_pasted_placeholder_key():
    placeholder = '<run: python3 -c "import secrets; print(secrets.token_urlsafe(50))">'
    result = start(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=placeholder, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("variables, message", [
    ({"BUSINESS_DAY_START_HOUR": "17", "BUSINESS_DAY_END_HOUR": "9"}, "BUSINESS_DAY_START_HOUR"),
    ({"PRACTICE_HOLIDAY_COUNTRY": "ZZ"}, "PRACTICE_HOLIDAY_COUNTRY"),
])
def test_refuses_office_hours_it_cannot_use(variables, message):
    result = start(DJANGO_DEBUG="true", **variables)
    assert result.returncode != 0 and message in result.stderr
