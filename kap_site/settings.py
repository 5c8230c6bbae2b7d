"""Settings for the KAP practice site.

One settings module; the environment switches behaviour (see .env.example). Values come from
the process environment first, then from a `.env` file beside manage.py (which `make run`
creates for a laptop), so every management command sees the same settings as the server.
Development defaults are safe on a laptop. With DJANGO_DEBUG off, the site refuses to start
without a real secret key, an explicit list of allowed hosts and the site's public address.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The real environment wins over the file (overwrite=False), as in production a process
# manager sets it. DJANGO_ENV_FILE points elsewhere (tests and the benchmark use /dev/null).
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)


def env_bool(name, default):
    """A boolean from the environment; unset or blank means the default (never silently off)."""
    return env.bool(name) if env.str(name, default="").strip() else default


def env_list(name, default=""):
    return [item.strip() for item in env.str(name, default=default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105 (refused when debug is off)
_DEV_SITE_URL = "http://127.0.0.1:8000"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# The site's public address, for links in staff emails, e.g. https://www.example-practice.com
SITE_URL = env.str("SITE_URL", default="").strip().rstrip("/")

if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
    SITE_URL = SITE_URL or _DEV_SITE_URL
else:
    # Patient data: never run in production on a guessable key or an open host list.
    # A pasted placeholder ("<...>", "change-me ...") is as public as no key at all.
    if (
        len(SECRET_KEY) < 40
        or SECRET_KEY == _DEV_SECRET_KEY
        or SECRET_KEY.startswith("change-me")
        or any(ch in SECRET_KEY for ch in "<> \t")
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of 40+ characters when DJANGO_DEBUG is off."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off."
        )
    # Staff emails link to the admin by this address; a default would send them to a laptop.
    if not SITE_URL.startswith(("https://", "http://")) or SITE_URL == _DEV_SITE_URL:
        raise ImproperlyConfigured(
            "SITE_URL must be set to the site's public address (e.g. https://www.example-practice.com) "
            "when DJANGO_DEBUG is off."
        )

INSTALLED_APPS = [
    "staff.apps.StaffAdminConfig",
    "staff",
    "kap_site.counters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_otp",
    "staff.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "staff.apps.BackupCodesConfig",  # django_otp.plugins.otp_static
    "staff.apps.PasskeysConfig",  # django_otp_webauthn
    "staff.apps.SignInPausesConfig",  # django-axes
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    "reversion_compare",
    "practice",
    "articles",
    "consultations",
]

MIDDLEWARE = [
    "kap_site.proxies.TrustedProxyMiddleware",
    "kap_site.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kap_site.middleware.BadRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the page cache: someone who chose Spanish and comes back to the home page.
    "kap_site.middleware.LanguagePreferenceMiddleware",
    "kap_site.page_cache.AnonymousPageCacheMiddleware",
    # Below the page cache, which keeps a compressed and a plain copy of each page.
    "kap_site.middleware.TextGZipMiddleware",
    "kap_site.middleware.ResilientSessionMiddleware",
    # The language comes from the address (/es/...); unprefixed addresses are English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "staff.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kap_site.middleware.DatabaseUnavailableMiddleware",
    # Last, so that it sees the sign-in page's answer and marks a lockout on it (staff/signin.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kap_site.urls"
WSGI_APPLICATION = "kap_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kap_site.context_processors.site",
                "practice.context_processors.practice",
            ],
        },
    },
]

# SQLite file when DATABASE_URL is unset, so `make run` needs nothing installed.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections in production, checked before reuse so a restarted database
        # is picked up again without restarting the app.
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server and the task worker write to one file: wait for each other's
    # locks instead of failing, and let readers read while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at the site's plain addresses, Spanish under /es/ (kap_site/urls.py). The staff admin
# stays in English. Translations live in locale/ (make messages; compiled by make run/serve/test).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Set only when someone picks a language with the switcher (kap_site.views.choose_language): it
# holds "en" or "es", nothing that identifies anyone, and brings them back to that language's
# home page. First-party, never sent to anyone else.
LANGUAGE_COOKIE_NAME = "kap_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Hashed, compressed static file names in production (long cache lifetimes). The test suite
# turns the manifest off so that it needs no collectstatic run.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The practice's public identity. These only seed the practice profile of a new site (as sample
# data); from then on staff edit it in the admin (practice app), which every page reads.
PRACTICE_NAME = env.str("PRACTICE_NAME", default="Clearwater Ketamine-Assisted Therapy")
PRACTICE_PHONE = env.str("PRACTICE_PHONE", default="")
PRACTICE_EMAIL = env.str("PRACTICE_EMAIL", default="")

ARTICLES_PER_PAGE = 12
# Lists and search show at most the newest this many articles, so a page costs the same
# however large the library grows (older articles stay reachable by topic and search).
ARTICLE_LIST_LIMIT = 500

# Consultation requests.
# States where the practice's clinicians are licensed; others are accepted and told kindly.
PRACTICE_LICENSED_STATES = env_list("PRACTICE_LICENSED_STATES", "CA,OR,WA")
# Staff addresses that receive a notice (reference, priority and admin link only) per request.
CONSULTATION_NOTIFY_EMAILS = env_list("CONSULTATION_NOTIFY_EMAILS", "intake@example.com")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@example.com")
CONSULTATION_MIN_FILL_SECONDS = env.int("CONSULTATION_MIN_FILL_SECONDS", default=3)
CONSULTATION_RATE_LIMIT = env.int("CONSULTATION_RATE_LIMIT", default=5)  # requests per client...
CONSULTATION_RATE_WINDOW_SECONDS = env.int("CONSULTATION_RATE_WINDOW_SECONDS", default=3600)  # ...per window
# Over that limit a request is still stored, flagged for staff (addresses are shared), up to this
# many per client a day; only past it is one refused, so a flood cannot fill the database.
CONSULTATION_OVER_LIMIT_DAILY_LIMIT = env.int("CONSULTATION_OVER_LIMIT_DAILY_LIMIT", default=20)
# Requests that show risk are never refused by the limit above; this many per client a day bounds a flood.
CONSULTATION_URGENT_DAILY_LIMIT = env.int("CONSULTATION_URGENT_DAILY_LIMIT", default=50)
CONSULTATION_FIRST_CONTACT_HOURS = env.int("CONSULTATION_FIRST_CONTACT_HOURS", default=8)  # business hours
CONSULTATION_RETENTION_DAYS = env.int("CONSULTATION_RETENTION_DAYS", default=365)
# Retention (issue 13): suspected spam is purged after this many days; a request never closed,
# this many days after it arrived (both by purge_consultations, which the worker runs daily).
CONSULTATION_SPAM_RETENTION_DAYS = env.int("CONSULTATION_SPAM_RETENTION_DAYS", default=30)
CONSULTATION_OPEN_RETENTION_DAYS = env.int("CONSULTATION_OPEN_RETENTION_DAYS", default=730)
# Emails about a request (staff notices, the acknowledgement) are sent by the task worker.
# A failed send is retried with waits that grow from the first to the longest, for this many
# hours; then it shows in the admin as "notice not sent".
NOTICE_RETRY_HOURS = env.int("NOTICE_RETRY_HOURS", default=24)
NOTICE_FIRST_RETRY_SECONDS = env.int("NOTICE_FIRST_RETRY_SECONDS", default=30)
NOTICE_MAX_RETRY_SECONDS = env.int("NOTICE_MAX_RETRY_SECONDS", default=3600)
# A notice still "sending" this long after a worker claimed it was interrupted (not resent).
NOTICE_SENDING_STALE_SECONDS = env.int("NOTICE_SENDING_STALE_SECONDS", default=600)
# A notice waiting this long past its time, with no job queued, lost its job with a stopped worker.
NOTICE_LOST_JOB_SECONDS = env.int("NOTICE_LOST_JOB_SECONDS", default=120)
# The acknowledgement goes to an address nobody has confirmed, so anyone could make the practice
# write to a stranger: its sender name and subject name no treatment.
CONSULTATION_ACKNOWLEDGEMENT_SENDER_NAME = env.str("CONSULTATION_ACKNOWLEDGEMENT_SENDER_NAME", default="Appointments")
CONSULTATION_ACKNOWLEDGEMENT_SUBJECT = env.str("CONSULTATION_ACKNOWLEDGEMENT_SUBJECT",
                                               default="We received your message")
# An urgent request (crisis language, or "yes" to the crisis question) should be reached within
# this many business hours; staff are alerted at once, on this list (CONSULTATION_NOTIFY_EMAILS
# when empty), in and out of hours.
CONSULTATION_URGENT_FIRST_CONTACT_HOURS = env.int("CONSULTATION_URGENT_FIRST_CONTACT_HOURS", default=1)
CONSULTATION_URGENT_ALERT_EMAILS = env_list("CONSULTATION_URGENT_ALERT_EMAILS") or CONSULTATION_NOTIFY_EMAILS
# Office hours: weekdays from the start to the end hour, practice time, closed on the public
# holidays of this country (and subdivision, e.g. CA), from the `holidays` package.
BUSINESS_DAY_START_HOUR = env.int("BUSINESS_DAY_START_HOUR", default=9)
BUSINESS_DAY_END_HOUR = env.int("BUSINESS_DAY_END_HOUR", default=17)
PRACTICE_HOLIDAY_COUNTRY = env.str("PRACTICE_HOLIDAY_COUNTRY", default="US")
PRACTICE_HOLIDAY_SUBDIVISION = env.str("PRACTICE_HOLIDAY_SUBDIVISION", default="")
if not 0 <= BUSINESS_DAY_START_HOUR < BUSINESS_DAY_END_HOUR <= 24:
    raise ImproperlyConfigured("BUSINESS_DAY_START_HOUR must be before BUSINESS_DAY_END_HOUR, both from 0 to 24.")
if PRACTICE_HOLIDAY_COUNTRY:
    import holidays

    try:
        holidays.country_holidays(PRACTICE_HOLIDAY_COUNTRY, subdiv=PRACTICE_HOLIDAY_SUBDIVISION or None)
    except NotImplementedError as error:
        raise ImproperlyConfigured(
            f"PRACTICE_HOLIDAY_COUNTRY / PRACTICE_HOLIDAY_SUBDIVISION not known to the holidays package: {error}"
        ) from error
# Addresses (or networks) of our own reverse proxies. Only they may set X-Forwarded-For/-Proto.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Shared by every server process (the database by default): login locks and the content
# version that makes cached pages stale. Rate-limit and lockout counts have a table of their
# own (kap_site/counters), one statement per event.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kap_cache",
        # Culling must never drop a login lock.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
    # Rendered public pages, per process (see kap_site/page_cache.py).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# Off with debug on, so template edits show at once on a laptop.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
PAGE_CACHE_BROWSER_SECONDS = env.int("PAGE_CACHE_BROWSER_SECONDS", default=300)
PAGE_CACHE_VERSION_CHECK_SECONDS = env.float("PAGE_CACHE_VERSION_CHECK_SECONDS", default=1)
# After the shared cache failed, pages are served uncached and it is asked again after this long.
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5)
# One Redis shared by every server instead of the database table (REDIS_URL or CACHE_URL, e.g.
# redis://10.0.0.20:6379/0). Short timeouts: a Redis that hangs must not hang the pages.
CACHE_URL = env.str("REDIS_URL", default="") or env.str("CACHE_URL", default="")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL / CACHE_URL must be a redis://, rediss:// or unix:// address.")
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }

# Work that can wait (emails now; alerts and digests later) goes on a queue: Django's Tasks API
# (django-tasks on 5.2) with its database backend, so a job is written in the same transaction
# as the request it serves. `manage.py run_worker` runs the jobs (see Procfile).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default=f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A bad request (a visitor's mistake or an attack) is one line, never a traceback.
    "filters": {"client_errors_one_line": {"()": "kap_site.log_filters.ClientErrorsOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_one_line"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# The site's own address is a trusted origin for form posts, so a proxy that passes its own Host
# header still works (the README's nginx example passes the visitor's).
CSRF_TRUSTED_ORIGINS = [SITE_URL] if SITE_URL.startswith("https://") else []

# Security. Behind a TLS-terminating proxy in production; see kap_site/proxies.py for which
# proxies may set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions end after 30 idle minutes (the expiry moves with each request), when the
# browser closes, and in any case this long after signing in (staff/middleware.py).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=1800)
SESSION_ABSOLUTE_SECONDS = env.int("DJANGO_SESSION_ABSOLUTE_SECONDS", default=10 * 3600)
# The form's anti-forgery cookie lives two hours (renewed each time the form is shown), not a
# year, so a shared device keeps no trace of a visit for long. A form sent after that is shown
# again with every answer and a fresh token (consultations.views.csrf_failure).
CSRF_COOKIE_AGE = env.int("DJANGO_CSRF_COOKIE_SECONDS", default=7200)
CSRF_FAILURE_VIEW = "consultations.views.csrf_failure"
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if SESSION_COOKIE_SECURE:
    # Cookies a subdomain or a plain-http page can neither set nor overwrite (only on https).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Staff sign-in (staff/signin.py). django-axes counts failures per (username, client) and per
# client, where a client is kap_site.proxies.client_network (IPv6 by /64). It pauses the client
# that fails, never an account for everyone: a stranger's guesses cannot keep staff out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)  # per username from one client
LOGIN_CLIENT_FAILURE_LIMIT = env.int("LOGIN_CLIENT_FAILURE_LIMIT", default=50)  # any usernames, one client
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)
# Before the pause, a failing client waits between tries (no request sleeps; a try that comes too
# soon is refused unchecked and not counted): from the 3rd failure for one username, 2, 4, 8 ...
# seconds after its last failure, at most 60; for all usernames, from half the client limit, 1, 2,
# 4 ... seconds, at most 30, so a shared office with a few typos is never held up.
LOGIN_SLOWDOWN_FAILURES = env.int("LOGIN_SLOWDOWN_FAILURES", default=3)
LOGIN_SLOWDOWN_SECONDS = env.int("LOGIN_SLOWDOWN_SECONDS", default=2)  # 0 turns the slow-down off
LOGIN_SLOWDOWN_MAX_SECONDS = env.int("LOGIN_SLOWDOWN_MAX_SECONDS", default=60)
LOGIN_CLIENT_SLOWDOWN_FAILURES = env.int("LOGIN_CLIENT_SLOWDOWN_FAILURES", default=LOGIN_CLIENT_FAILURE_LIMIT // 2)
LOGIN_CLIENT_SLOWDOWN_SECONDS = env.int("LOGIN_CLIENT_SLOWDOWN_SECONDS", default=1)
LOGIN_CLIENT_SLOWDOWN_MAX_SECONDS = env.int("LOGIN_CLIENT_SLOWDOWN_MAX_SECONDS", default=30)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_HANDLER = "staff.signin.ClientThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "staff.signin.client_for_throttling"
AXES_LOCKOUT_CALLABLE = "staff.signin.lockout_response"
AXES_COOLOFF_TIME = datetime.timedelta(seconds=LOGIN_LOCKOUT_SECONDS)
AXES_RESET_ON_SUCCESS = True
# A paused client's further tries are not counted, so the pause ends on time.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "new_password1", "new_password2"]
# Sign-ins are in the admin's log entries and django-axes' attempts; no second log of every visit.
AXES_DISABLE_ACCESS_LOG = True
# A signed-out or rejected next= goes to the admin's front page, never to a missing page.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
LOGOUT_REDIRECT_URL = "admin:login"
# Password reset and set-up links (staff/views.py): one hour to use a reset link, a week for an
# invitation; at most this many reset emails per client and per address an hour.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
STAFF_INVITATION_SECONDS = env.int("STAFF_INVITATION_SECONDS", default=7 * 24 * 3600)
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=5)

# Two factors: an authenticator app (TOTP), one-time backup codes, or a passkey (WebAuthn).
OTP_TOTP_ISSUER = PRACTICE_NAME
# Nobody, not even a superuser, reads a staff member's authenticator key in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_WEBAUTHN_RP_NAME = PRACTICE_NAME
# Passkeys belong to the site's host name. Browsers allow them only over https, or on
# http://localhost on a laptop (a plain-http SITE_URL such as http://127.0.0.1:8000 means that).
_site = urlsplit(SITE_URL)
_passkey_origin = SITE_URL if _site.scheme == "https" else f"http://localhost{f':{_site.port}' if _site.port else ''}"
OTP_WEBAUTHN_RP_ID = env.str("OTP_WEBAUTHN_RP_ID", default="") or urlsplit(_passkey_origin).hostname
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS") or [_passkey_origin]
OTP_WEBAUTHN_HELPER_CLASS = "staff.passkeys.StaffPasskeyHelper"
