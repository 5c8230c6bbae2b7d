"""nginx and Redis as the deployment runs them, started on loopback by the reliability proofs.

NginxServer runs deploy/nginx.conf itself: the repository's file with only its paths, host
name and ports swapped for a temporary folder and free loopback ports, so what is tested is
what people copy.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from .common import BASE_DIR, LOOPBACK, free_port, tail

DEPLOY = BASE_DIR / "deploy"


def wait_for_port(port, process, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((LOOPBACK, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout}s")


class NginxServer:
    """deploy/nginx.conf in front of `app_addresses` ("127.0.0.1:8001", ...), with a self-signed
    certificate, serving `static_root` and `media_root`."""

    def __init__(self, app_addresses, *, static_root, media_root):
        self.nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.root = Path(tempfile.mkdtemp(prefix="kap-nginx-"))
        self.http_port, self.https_port = free_port(), free_port()
        self.base_url = f"https://{LOOPBACK}:{self.https_port}"
        self.app_addresses = list(app_addresses)
        self.static_root, self.media_root = Path(static_root), Path(media_root)
        self.process = None

    def _write_config(self):
        root = self.root
        for folder in ("temp", "logs"):
            (root / folder).mkdir(exist_ok=True)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",  # noqa: S603,S607
                        "-subj", f"/CN={LOOPBACK}", "-keyout", str(root / "tls.key"), "-out", str(root / "tls.crt")],
                       check=True, capture_output=True, timeout=60)
        upstream = (DEPLOY / "nginx-upstream.conf").read_text()
        servers = "".join(f"    server {address} max_fails=1 fail_timeout=10s;\n" for address in self.app_addresses)
        upstream = upstream.replace("    server 127.0.0.1:8000 max_fails=1 fail_timeout=10s;\n", servers)
        (root / "upstream.conf").write_text(upstream)
        site = (DEPLOY / "nginx.conf").read_text()
        replacements = {
            "/etc/nginx/kap-site-upstream.conf": str(root / "upstream.conf"),
            "/etc/ssl/kap-site/fullchain.pem": str(root / "tls.crt"),
            "/etc/ssl/kap-site/privkey.pem": str(root / "tls.key"),
            "/srv/kap-site/staticfiles/": f"{self.static_root}/",
            "/srv/kap-site/media/": f"{self.media_root}/",
            "/srv/kap-site/deploy": str(DEPLOY),
            "listen 80;": f"listen {LOOPBACK}:{self.http_port};",
            "listen 443 ssl http2;": f"listen {LOOPBACK}:{self.https_port} ssl http2;",
            "www.example-practice.com": LOOPBACK,
        }
        for old, new in replacements.items():
            if old not in site:
                raise RuntimeError(f"deploy/nginx.conf no longer contains {old!r}; update bench/proxy.py")
            site = site.replace(old, new)
        # No IPv6 listeners on a test machine that may lack IPv6.
        site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line) + "\n"
        (root / "site.conf").write_text(site)
        temp = root / "temp"
        (root / "nginx.conf").write_text(f"""
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {root}/logs/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    sendfile on;
    include {root}/site.conf;
}}
""")

    def start(self):
        self._write_config()
        # nginx's workers run as an unprivileged user when started as root: let them read the files.
        for folder in (self.media_root, *self.media_root.parents):
            if folder == Path(tempfile.gettempdir()) or folder == Path("/"):
                break
            with contextlib.suppress(OSError):
                folder.chmod(folder.stat().st_mode | 0o055)
        command = [self.nginx, "-c", str(self.root / "nginx.conf"), "-e", str(self.root / "logs" / "error.log"),
                   "-g", "daemon off;"]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,  # noqa: S603
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(self.https_port, self.process, 20, "nginx")
        return self

    def error_log(self):
        return tail(self.root / "logs" / "error.log", 200)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    """Debian's redis-server on a free loopback port, no persistence; stop() plays an outage."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="kap-redis-"))
        self.port = free_port()
        self.url = f"redis://{LOOPBACK}:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", LOOPBACK,
             "--save", "", "--appendonly", "no", "--dir", str(self.root)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(self.port, self.process, 20, "redis-server")
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
