"""Paths, environments and small helpers shared by the benchmark's parts.

The benchmark's own process never sets up Django: everything that needs the app runs in a
separate process (gunicorn, manage.py, app_tasks.py) with an environment built here, so that
each corpus size gets its own DATABASE_URL exactly as production would.
"""

import contextlib
import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent  # the repository root (bench/ sits at its top level)
VENV_BIN = Path(sys.executable).parent
OUT_DIR = BASE_DIR / ".cache" / "benchmark"
LOOPBACK = "127.0.0.1"

_started = time.monotonic()


def log(message):
    """Progress goes to stderr, so stdout carries only the report."""
    elapsed = time.monotonic() - _started
    print(f"[bench {elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)


def tail(path, lines=60):
    """The end of a log file, for an error message."""
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def random_secret_key(length=50):
    alphabet = string.ascii_letters + string.digits + "-_!@%^*("
    return "".join(secrets.choice(alphabet) for _ in range(length))


def cpu_busy_fraction(seconds=1.0):
    """Share of the machine's CPU time in use over `seconds` (from /proc/stat). Taken while our own
    servers sit idle, it tells how much other work (another test run, say) shares the machine."""
    def sample():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
        return sum(values), idle

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total_after - total_before
    return round(1 - (idle_after - idle_before) / total, 3) if total > 0 else None


def size_label(count):
    """1000 -> '1k', 10000 -> '10k', 2500 -> '2500' (used in database names and tables)."""
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)


def base_environment(home):
    """A clean environment: nothing from the caller's .env (a DATABASE_URL, say) leaks in."""
    env = {name: os.environ[name] for name in ("PATH", "LANG", "LC_ALL", "TZ") if name in os.environ}
    # gunicorn keeps a control socket under $HOME; Chromium and npm write there too.
    env["HOME"] = str(home)
    return env


def app_environment(*, home, secret_key, database_url, media_root, page_cache=True, extra=None):
    """Settings for the app as production runs it, on plain http on loopback."""
    env = base_environment(home)
    env.update(
        DJANGO_SETTINGS_MODULE="kap_site.settings",
        # Exactly this environment: a developer's .env must not leak into the server measured.
        DJANGO_ENV_FILE="/dev/null",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=database_url,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_STATIC_MANIFEST="true",
        DJANGO_MEDIA_ROOT=str(media_root),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # The load sends forms straight away and all from one address.
        CONSULTATION_MIN_FILL_SECONDS="0",
        CONSULTATION_RATE_LIMIT="10000000",
        GUNICORN_LOG_LEVEL="warning",
    )
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    env.update(extra or {})
    return env


def run_checked(command, *, env, timeout, what, cwd=BASE_DIR):
    """Run a command to completion; raise with its output if it fails."""
    result = subprocess.run(  # noqa: S603 (our own fixed commands, no shell)
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=timeout, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def manage(args, *, env, timeout=300, what=None):
    return run_checked([str(VENV_BIN / "python"), "manage.py", *args], env=env, timeout=timeout,
                       what=what or f"manage.py {' '.join(args)}")


def stop_gracefully(process, timeout=40):
    """SIGTERM a server (gunicorn lets workers finish what they hold), then kill its group if it hangs."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
