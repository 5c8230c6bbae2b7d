"""gunicorn settings for `make serve` and production. Values can be overridden by environment."""

import multiprocessing
import os
from pathlib import Path

import environ

# The same .env as the settings (the real environment wins), read before gunicorn's own values.
environ.Env.read_env(os.environ.get("DJANGO_ENV_FILE", str(Path(__file__).resolve().parent / ".env")), overwrite=False)

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Finish requests in flight on SIGTERM/SIGHUP before a worker exits.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
# Only our own proxy may tell gunicorn the original scheme (Django checks its own list too).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")
# Access log without query strings: a search term could be personal.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "kap_site"
# Requests with very large headers are refused before Django sees them.
limit_request_field_size = 8190
limit_request_fields = 100
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn), which two servers
# on one host would share; we manage the server with signals, so turn it off.
control_socket_disable = True
