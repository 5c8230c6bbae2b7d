"""Servers and clients for the reliability proofs: the app under gunicorn as production runs it,
PostgreSQL databases (a disposable cluster, or a dedicated database on the main server), and a
small cookie-keeping HTTP client built on the standard library only.

Everything here binds to 127.0.0.1, and every wait is bounded in count and in time.
"""

import contextlib
import glob
import grp
import http.client
import http.cookiejar
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

# Shared with `make bench`: the same environment, PostgreSQL helper and gunicorn server.
from bench.common import (
    BASE_DIR,
    LOOPBACK,
    app_environment,
    base_environment,
    free_port,
    manage,
    random_secret_key,
    tail,
)
from bench.database import PostgresServer
from bench.servers import GunicornServer as ProductionServer
from tests.helpers import Checks, browser_value, forge_form_token, parse_form, read_token_id, visible_text  # noqa: F401 (re-exported for the proofs)

# Databases ------------------------------------------------------------------------------------

def main_postgres_server():
    """The PostgreSQL server the suite itself runs on."""
    db = settings.DATABASES["default"]
    return PostgresServer(db.get("HOST") or LOOPBACK, db.get("PORT") or 5432, db.get("USER") or "postgres",
                          db.get("PASSWORD") or "")


def migrate(url, timeout=180):
    """Migrate a database the way `make serve` does (manage.py migrate), in a separate process."""
    with tempfile.TemporaryDirectory(prefix="kap-migrate-") as home:
        env = {**base_environment(home), "DATABASE_URL": url, "DJANGO_DEBUG": "true",
               "DJANGO_SETTINGS_MODULE": "kap_site.settings"}
        manage(["migrate", "--noinput", "-v0"], env=env, timeout=timeout)


def postgres_bin_dir():
    """PostgreSQL 15's server programs (as on this machine and in CI), or the newest installed."""
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                       key=lambda path: int(Path(path).parent.name) if Path(path).parent.name.isdigit() else 0,
                       reverse=True)
    for candidate in ["/usr/lib/postgresql/15/bin", *installed]:
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    return None


class DisposablePostgres:
    """A throwaway PostgreSQL cluster on its own loopback port, run by the `postgres` OS user
    (initdb and pg_ctl refuse root). Stop it and start it again to play a database outage."""

    def __init__(self, bin_dir, os_user="postgres"):
        self.bin_dir = Path(bin_dir)
        self.run_as_other_user = os.geteuid() == 0
        self.os_user = os_user
        self.root = Path(tempfile.mkdtemp(prefix="kap-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "postgresql.log"
        self.port = free_port()
        self.server = PostgresServer(LOOPBACK, self.port)
        self.sockets.mkdir()
        if self.run_as_other_user:
            for path in (self.root, self.sockets):
                shutil.chown(path, user=os_user, group=os_user if _group_exists(os_user) else None)
            os.chmod(self.root, 0o700)

    def _command(self, *args):
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if not self.run_as_other_user:
            return command
        if shutil.which("runuser"):
            return ["runuser", "-u", self.os_user, "--", *command]
        return ["su", self.os_user, "-s", "/bin/sh", "-c", shlex.join(command)]

    def _run(self, *args, timeout=60):
        result = subprocess.run(self._command(*args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({result.returncode}):\n{result.stdout}\n{tail(self.log)}")
        return result.stdout

    def initdb(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync", timeout=120)
        return self

    def start(self):
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses={LOOPBACK} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", "start")
        return self

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def is_running(self):
        result = subprocess.run(self._command("pg_ctl", "-D", str(self.data), "status"), stdin=subprocess.DEVNULL,
                                capture_output=True, timeout=30, check=False)
        return result.returncode == 0

    def destroy(self):
        with contextlib.suppress(Exception):
            if self.data.exists() and self.is_running():
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def _group_exists(name):
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


# The app under gunicorn ------------------------------------------------------------------------

class GunicornServer(ProductionServer):
    """The app as production runs it (the benchmark's gunicorn server: gunicorn.conf.py, debug
    off, PostgreSQL), with a private home, its own secret key and the proofs' settings."""

    def __init__(self, database_url, workers=2, extra_env=None):
        self.secret_key = random_secret_key()
        self.home = Path(tempfile.mkdtemp(prefix="kap-gunicorn-"))
        env = app_environment(
            home=self.home, secret_key=self.secret_key, database_url=database_url, media_root=self.home / "media",
            extra={
                "DJANGO_STATIC_MANIFEST": "false",
                # No mail server here: mail is the one outside service the proofs leave out.
                "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
                "CONSULTATION_RATE_LIMIT": "100000",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_LOG_LEVEL": "info",
                "PYTHONDONTWRITEBYTECODE": "1",
                **(extra_env or {}),
            },
        )
        super().__init__("reliability", "kap_site.wsgi:application", env, log_dir=self.home)

    @property
    def pid(self):
        return self.process.pid

    def reload(self):
        """Graceful reload, as an operator would do it: SIGHUP to the master."""
        os.kill(self.pid, signal.SIGHUP)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def log_lines(self):
        return self.log_path.read_text(errors="replace").splitlines() if self.log_path.exists() else []

    def server_errors(self):
        """A digest of the tracebacks in the log: our own frames and the exception lines."""
        own = re.compile(r'File "' + re.escape(str(BASE_DIR)) + r'/(?!\.venv)')
        exception = re.compile(r"^[\w.]+(Error|Exception|Host|Interrupted)\b.*")
        digest = []
        for line in self.log_lines():
            if line.startswith(("Internal Server Error", "Traceback")) or own.search(line) or exception.match(line):
                digest.append(line.strip())
        return digest


# A small browser -------------------------------------------------------------------------------

class Response:
    def __init__(self, status, headers=None, body=b"", seconds=0.0, error=None):
        self.status = status
        self.headers = headers or {}
        self.body = body
        self.seconds = seconds
        self.error = error

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return self.headers.get("Location", "")

    def __repr__(self):
        return f"<Response {self.status}{' ' + self.error if self.error else ''}>"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is an answer to check, not to follow


def http_status(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our own loopback URL)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, http.client.HTTPException):
        return None


class Browser:
    """One visitor: a cookie jar and no automatic redirects. Connection failures come back as a
    Response with status None and the error's name, so a caller can decide to retry."""

    def __init__(self, base_url, timeout=30):
        self.base_url = base_url
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects())

    def request(self, method, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(  # noqa: S310 (always our own http://127.0.0.1 server)
            self.base_url + path, data=body, method=method, headers=headers or {}
        )
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return Response(response.status, dict(response.headers), response.read(),
                                time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, dict(error.headers), error.read(), time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            return Response(None, seconds=time.perf_counter() - started, error=type(reason).__name__)

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None):
        return self.request("POST", path, data=data, headers=headers)

    def open_form(self, path="/consultation/"):
        """GET the form; return (response, csrf token, form token) as the page rendered them."""
        response = self.get(path)
        if response.status != 200:
            return response, None, None
        fields = parse_form(response.text).inputs
        return response, fields.get("csrfmiddlewaretoken"), fields.get("form_token")

    def has_cookie(self, name):
        return any(cookie.name == name for cookie in self.jar)


RECEIVED = "/consultation/received/"


def stored_answer(status, location):
    """Whether an answer to a form post says the request was stored. Every answer to a post is a
    303 (post/redirect/get): to the confirmation when stored, back to the form when it needs
    fixing or was refused."""
    return status == 303 and urllib.parse.urlsplit(location or "").path == RECEIVED


def answers(**overrides):
    """A complete, valid consultation request as a person would fill it in."""
    data = {
        "full_name": "Maya Okafor-Lindqvist",
        "preferred_name": "Maya",
        "email": "maya.okafor@example.org",
        "phone": "",
        "contact_method": "email",
        "state": "OR",
        "visit_preference": "either",
        "help_with": ["depression", "ptsd"],
        "message": "Two medicines have not helped my low mood.\nI would like to hear about options.",
        "best_time": "Weekday mornings",
        "heard_about": "search",
        "is_adult": "on",
        "consented": "on",
        "website": "",
        "source_article": "",
    }
    data.update(overrides)
    return data


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


