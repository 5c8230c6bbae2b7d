"""Settings for the test suite: the real settings, with test-only environment defaults.

Values come from the environment exactly as in production; this module only fills in what a
test run needs and a developer would not set by hand.
"""

import os
import secrets
import tempfile

# The suite runs as production does (debug off), whatever a developer's .env says.
os.environ["DJANGO_DEBUG"] = "false"
# Exactly this environment: a developer's .env (debug on, say) must not change the suite.
os.environ["DJANGO_ENV_FILE"] = os.devnull
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("SITE_URL", "https://practice.example")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
# The test client and live server speak plain http; production keeps both on (see test_deploy).
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="kap-test-media-"))
# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from kap_site.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files are served from the app's folders (finders) in tests; no collectstatic needed.
STATIC_ROOT = tempfile.mkdtemp(prefix="kap-test-static-")
WHITENOISE_USE_FINDERS = True
# Read the shared content version on every request, so a change is seen at once.
PAGE_CACHE_VERSION_CHECK_SECONDS = 0
