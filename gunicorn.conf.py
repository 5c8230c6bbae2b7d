"""gunicorn settings for `make serve`, the container and production. Values can be overridden by
environment.

Threaded workers (gthread): a worker waits for a slow client in a thread, not a whole process, so
a few slow or hostile connections cannot take every worker. With no proxy in front, 50 clients
that trickle their requests a byte at a time still leave room for ordinary visitors
(tests/reliability/test_slow_clients.py). A buffering proxy (deploy/nginx.conf) is still the
first line: it holds slow clients in memory and hands gunicorn whole requests.
"""

import ipaddress
import multiprocessing
import os
from pathlib import Path

import environ
import gunicorn.http.wsgi

# The same .env as the settings (the real environment wins), read before gunicorn's own values.
environ.Env.read_env(os.environ.get("DJANGO_ENV_FILE", str(Path(__file__).resolve().parent / ".env")), overwrite=False)

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sized for 2 cores and measured there (bench/, tests/reliability): one process per core plus
# one keeps both cores busy while a process waits on the database; threads wait on clients.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
# A worker takes no more connections than it has threads: with all its threads held (slow
# clients trickling bytes), it stops accepting, and the next connection goes to a worker that
# can answer it instead of waiting behind them.
worker_connections = threads
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

# gunicorn writes "Server: gunicorn" on every answer and has no setting for it; name no software.
gunicorn.http.wsgi.SERVER = "kap-site"


def proxy_setup_problems(bind_addresses, trusted_proxies):
    """Why the proxy settings cannot tell visitors apart, as sentences (empty when they can).

    gunicorn bound only to loopback (or a Unix socket) means every request comes through a proxy
    on this machine; with TRUSTED_PROXIES empty, X-Forwarded-For is ignored and every visitor is
    that proxy's one address, so rate limits and sign-in throttling count all of them together."""
    local_only = True
    for address in bind_addresses:
        if address.startswith(("unix:", "fd://")):
            continue
        host = address.rsplit(":", 1)[0].strip("[]") if ":" in address else address
        try:
            local_only = local_only and ipaddress.ip_address(host).is_loopback
        except ValueError:
            local_only = local_only and host == "localhost"
    trusted = [item.strip() for item in trusted_proxies.split(",") if item.strip()]
    if local_only and not trusted:
        return [f"gunicorn listens only on {', '.join(bind_addresses)} (behind a proxy on this machine) but "
                "TRUSTED_PROXIES is empty: every visitor will look like the proxy's own address, so the "
                "form's rate limit and staff sign-in throttling will count all visitors as one. Set "
                "TRUSTED_PROXIES to the proxy's address (e.g. 127.0.0.1)."]
    return []


def when_ready(server):
    for problem in proxy_setup_problems(server.cfg.bind, os.environ.get("TRUSTED_PROXIES", "")):
        server.log.warning("Proxy settings: %s", problem)
