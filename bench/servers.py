"""gunicorn as production runs it (gunicorn.conf.py), on a free loopback port."""

import contextlib
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .common import BASE_DIR, LOOPBACK, VENV_BIN, free_port, log, stop_gracefully, tail


def http_get(url, headers=None, timeout=10):
    """(status, headers, body) without following redirects or raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (always http://127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class GunicornServer:
    """One gunicorn master and its workers. `app` is a WSGI path such as kap_site.wsgi:application."""

    def __init__(self, name, app, env, log_dir):
        self.name = name
        self.app = app
        self.port = free_port()
        self.base_url = f"http://{LOOPBACK}:{self.port}"
        self.env = {**env, "GUNICORN_BIND": f"{LOOPBACK}:{self.port}"}
        self.log_path = Path(log_dir) / f"gunicorn-{name}.log"
        self.process = None
        self._log_file = None
        self.peak_worker_kib = 0

    def start(self, ready_timeout=60):
        self._log_file = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        command = [
            str(VENV_BIN / "gunicorn"), self.app, "-c", "gunicorn.conf.py",
            # After -c, so it wins over the config file: no access log line per request.
            "--access-logfile", "/dev/null",
        ]
        # Its own session: a Ctrl+C at the terminal reaches us, and we stop gunicorn in order.
        self.process = subprocess.Popen(  # noqa: S603 (fixed command)
            command, cwd=BASE_DIR, env=self.env, stdin=subprocess.DEVNULL, stdout=self._log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ({self.name}) exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if http_get(self.base_url + "/healthz", timeout=2)[0] == 200 and len(self.worker_pids()) >= 1:
                    self._wait_for_all_workers(deadline)
                    log(f"{self.name}: gunicorn up on {self.base_url} with {len(self.worker_pids())} workers")
                    return self
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn ({self.name}) did not answer within {ready_timeout}s:\n{self.log_tail()}")

    def _wait_for_all_workers(self, deadline):
        """Workers boot one by one; measure only once every worker has loaded the app."""
        expected = int(self.env.get("GUNICORN_WORKERS") or (os.cpu_count() or 1) + 1)  # gunicorn.conf.py
        while time.monotonic() < deadline and len(self.worker_pids()) < expected:
            time.sleep(0.1)
        time.sleep(1.0)  # the last worker forked; give it a moment to import the app

    def worker_pids(self):
        """The master's children: its workers."""
        if self.process is None:
            return set()
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return set()
        return {int(pid) for pid in text.split()}

    def sample_memory(self):
        """Record the largest peak resident size (VmHWM) of the current workers. Workers are
        recycled after max_requests, so this is sampled after every load run."""
        for pid in self.worker_pids():
            with contextlib.suppress(OSError, ValueError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_worker_kib = max(self.peak_worker_kib, int(line.split()[1]))
        return self.peak_worker_kib

    def log_tail(self, lines=40):
        return tail(self.log_path, lines)

    def stop(self, timeout=40):
        stop_gracefully(self.process, timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
