"""Settings for the KAP practice site.

One settings module; the environment switches behaviour (see .env.example). Development
defaults are safe on a laptop. With DJANGO_DEBUG off, the site refuses to start without a
real secret key and an explicit list of allowed hosts.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105 (refused when debug is off)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
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

INSTALLED_APPS = [
    "kap_site.apps.SecureAdminConfig",
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
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_bootstrap5",
    "articles",
    "consultations",
]

MIDDLEWARE = [
    "kap_site.proxies.TrustedProxyMiddleware",
    "kap_site.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "kap_site.page_cache.AnonymousPageCacheMiddleware",
    # Below the page cache, which keeps a compressed and a plain copy of each page.
    "kap_site.middleware.TextGZipMiddleware",
    "kap_site.middleware.ResilientSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kap_site.middleware.DatabaseUnavailableMiddleware",
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
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Hashed, compressed static file names in production (long cache lifetimes). The test suite
# turns the manifest off so that it needs no collectstatic run.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
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

# The practice's public identity, used in page titles, structured data and contact lines.
PRACTICE_NAME = os.environ.get("PRACTICE_NAME", "Clearwater Ketamine-Assisted Therapy")
PRACTICE_PHONE = os.environ.get("PRACTICE_PHONE", "")

ARTICLES_PER_PAGE = 12
# Lists and search show at most the newest this many articles, so a page costs the same
# however large the library grows (older articles stay reachable by topic and search).
ARTICLE_LIST_LIMIT = 500

# Consultation requests.
# States where the practice's clinicians are licensed; others are accepted and told kindly.
PRACTICE_LICENSED_STATES = env_list("PRACTICE_LICENSED_STATES", "CA,OR,WA")
# Staff addresses that receive a notice (reference, priority and admin link only) per request.
CONSULTATION_NOTIFY_EMAILS = env_list("CONSULTATION_NOTIFY_EMAILS", "intake@example.com")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@example.com")
# Base of the admin link in staff emails, e.g. https://www.example-practice.com
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CONSULTATION_MIN_FILL_SECONDS = int(os.environ.get("CONSULTATION_MIN_FILL_SECONDS", "3"))
CONSULTATION_RATE_LIMIT = int(os.environ.get("CONSULTATION_RATE_LIMIT", "5"))  # requests per client...
CONSULTATION_RATE_WINDOW_SECONDS = int(os.environ.get("CONSULTATION_RATE_WINDOW_SECONDS", "3600"))  # ...per window
CONSULTATION_FIRST_CONTACT_HOURS = int(os.environ.get("CONSULTATION_FIRST_CONTACT_HOURS", "8"))  # business hours
CONSULTATION_RETENTION_DAYS = int(os.environ.get("CONSULTATION_RETENTION_DAYS", "365"))
BUSINESS_DAY_START_HOUR = 9
BUSINESS_DAY_END_HOUR = 17
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
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "300"))
PAGE_CACHE_VERSION_CHECK_SECONDS = float(os.environ.get("PAGE_CACHE_VERSION_CHECK_SECONDS", "1"))
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Security. Behind a TLS-terminating proxy in production; see kap_site/proxies.py for which
# proxies may set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions end after 30 idle minutes (the expiry moves with each request).
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Staff login: lockout after repeated failures, per account and per client, shared by every process.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
OTP_TOTP_ISSUER = PRACTICE_NAME
