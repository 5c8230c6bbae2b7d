"""Clients for the serving proofs: plain requests from a chosen loopback address (every 127.x.y.z
is this machine, so a proxy sees distinct visitors), over http or https, and slow clients that
trickle a request a byte at a time. Every wait is bounded."""

import http.client
import os
import shutil
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def setting(name, default):
    """A load size for the proofs: CI-sized defaults, larger runs by environment (KAP_...)."""
    return type(default)(os.environ.get(name, default))


@dataclass
class Answer:
    status: int | None
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    error: str = ""
    set_cookies: list = field(default_factory=list)  # every Set-Cookie header (headers keeps only the last)

    @property
    def cookies(self):
        """The cookies this answer set, as a Cookie header would send them back ("name=value; ...")."""
        return "; ".join(line.split(";", 1)[0].strip() for line in self.set_cookies)

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name):
        return self.headers.get(name.lower(), "")


def _context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # our own self-signed certificate on loopback
    return context


def fetch(url, method="GET", body=None, headers=None, source="127.0.0.1", timeout=15):
    """One request on a new connection from `source`; never raises for a network error."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                                 source_address=(source, 0), context=_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout,
                                                source_address=(source, 0))
    started = time.perf_counter()
    try:
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body, doseq=True).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data,
                      time.perf_counter() - started,
                      set_cookies=[v for k, v in response.getheaders() if k.lower() == "set-cookie"])
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, seconds=time.perf_counter() - started, error=type(error).__name__)
    finally:
        connection.close()


class SlowClients:
    """`count` attackers, each holding one connection open by sending its request a byte every
    `interval` seconds (half trickle the headers, half a body announced as 100 KB), reconnecting
    whenever the server closes it. Runs until stop(); counts connections and closes."""

    def __init__(self, url, count=50, interval=2.0, source="127.0.0.9"):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.tls = parts.hostname, parts.port, parts.scheme == "https"
        self.count, self.interval, self.source = count, interval, source
        self.stopping = threading.Event()
        self.connections = 0
        self.closed_by_server = 0
        self.open_now = 0
        self._lock = threading.Lock()
        self.threads = []

    def _connect(self):
        sock = socket.create_connection((self.host, self.port), timeout=10, source_address=(self.source, 0))
        if self.tls:
            sock = _context().wrap_socket(sock, server_hostname=self.host)
        return sock

    def _attack(self, number):
        head = f"POST /consultation/ HTTP/1.1\r\nHost: {self.host}\r\n".encode()
        if number % 2:
            trickle = b"X-Filler: " + b"a" * 10_000  # headers that never end
        else:
            head += b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
            trickle = b"a" * 100_000  # a body that never ends
        while not self.stopping.is_set():
            try:
                sock = self._connect()
            except OSError:
                self.stopping.wait(0.5)
                continue
            with self._lock:
                self.connections += 1
                self.open_now += 1
            try:
                sock.sendall(head)
                for byte in trickle:
                    if self.stopping.wait(self.interval):
                        break
                    sock.sendall(bytes([byte]))
            except OSError:
                with self._lock:
                    self.closed_by_server += 1
            finally:
                with self._lock:
                    self.open_now -= 1
                sock.close()

    def start(self):
        for number in range(self.count):
            thread = threading.Thread(target=self._attack, args=(number,), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)


def ordinary_visits(base_url, seconds, paths, source="127.0.0.2", timeout=10, pause=0.2):
    """A visitor reading pages one after another for `seconds`: [(path, Answer)]."""
    visits = []
    deadline = time.monotonic() + seconds
    index = 0
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        visits.append((path, fetch(base_url + path, source=source, timeout=timeout)))
        index += 1
        time.sleep(pause)
    return visits


def nginx_or_skip():
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return
    message = "nginx is not installed (apt-get install -y nginx; .ci/run installs it)"
    if os.environ.get("KAP_REQUIRE_NGINX"):
        pytest.fail(message)
    pytest.skip(message)
