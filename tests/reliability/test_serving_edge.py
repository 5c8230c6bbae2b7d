"""The site on the open internet, as production runs it (gunicorn.conf.py, and deploy/nginx.conf in
front): slow clients do not starve ordinary visitors, with or without the proxy; unreadable
request bodies are 400s with our page and one log line; the proxy passes each visitor's own
address, serves static and media files, and refuses what is too big; a killed gunicorn master
leaves no worker serving."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

from bench.common import BASE_DIR
from bench.proxy import NginxServer
from tests.conftest import requires_postgresql

from .clients import SlowClients, fetch, nginx_or_skip, ordinary_visits, setting
from .harness import GunicornServer, answers, forge_form_token, percentile

pytestmark = requires_postgresql()

SLOW_CLIENTS = setting("KAP_SLOW_CLIENTS", 50)
SLOW_SECONDS = setting("KAP_SLOW_SECONDS", 15.0)
BAD_REQUESTS = setting("KAP_BAD_REQUESTS", 200)
PAGES = ["/", "/articles/", "/consultation/", "/robots.txt"]
CSRF = "a" * 32  # an unmasked CSRF secret: Django accepts it as cookie and token alike


@pytest.fixture
def app_server(main_postgresql, load_database):
    """gunicorn as production runs it (default workers and threads), on a dedicated database."""
    servers = []

    def start(extra_env=None, before_start=None):
        server = GunicornServer(main_postgresql.url(load_database), workers=None,
                                extra_env={"TRUSTED_PROXIES": "127.0.0.1", **(extra_env or {})})
        server.env.pop("GUNICORN_WORKERS", None)
        if before_start:
            before_start(server)
        servers.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in servers:
            server.cleanup()


@pytest.fixture
def proxied_app(app_server):
    """deploy/nginx.conf in front of one app server: (nginx, app)."""
    nginx_or_skip()
    holder = {}

    def prepare(server):
        nginx = NginxServer([f"127.0.0.1:{server.port}"], static_root=BASE_DIR / "static",
                            media_root=server.home / "media")
        # Forms through the proxy come from its https origin.
        server.env["SITE_URL"] = nginx.base_url
        holder["nginx"] = nginx

    # Two requests an hour per address; one more a day is stored flagged for staff; after that, refused.
    app = app_server(extra_env={"CONSULTATION_RATE_LIMIT": "2", "CONSULTATION_OVER_LIMIT_DAILY_LIMIT": "1"},
                     before_start=prepare)
    nginx = holder["nginx"].start()
    try:
        yield nginx, app
    finally:
        nginx.stop()


def attack_and_visit(target_url, visit_url, record_result, label):
    attackers = SlowClients(target_url, count=SLOW_CLIENTS).start()
    try:
        time.sleep(3)  # every attacker connected and holding on
        held_open = attackers.open_now
        visits = ordinary_visits(visit_url, SLOW_SECONDS, PAGES)
    finally:
        attackers.stop()
    statuses = Counter(answer.status for _path, answer in visits)
    latencies = [answer.seconds for _path, answer in visits]
    figures = {
        f"{label}_slow_clients": SLOW_CLIENTS, f"{label}_held_open": held_open,
        f"{label}_attacker_connections": attackers.connections, f"{label}_visits": len(visits),
        f"{label}_answered_200": statuses.get(200, 0), f"{label}_p50_ms": percentile(latencies, 0.5) * 1000,
        f"{label}_p95_ms": percentile(latencies, 0.95) * 1000, f"{label}_max_ms": max(latencies) * 1000,
    }
    record_result(figures=figures)
    print(f"\n{label}: {figures}")
    return visits, statuses, latencies, held_open


def test_slow_clients_do_not_starve_the_site_without_a_proxy(app_server, record_result):
    """50 clients trickle requests a byte every 2 s straight at gunicorn while a visitor reads pages."""
    server = app_server()
    record_result(tried=f"{SLOW_CLIENTS} slow clients (headers or body, a byte every 2 s, reconnecting) straight "
                        f"at gunicorn (gthread, gunicorn.conf.py defaults) for {SLOW_SECONDS:.0f} s, with a visitor "
                        "reading pages from another address",
                  held="every page the visitor asked for was answered 200, within 5 s each")
    visits, statuses, latencies, held_open = attack_and_visit(server.base_url, server.base_url, record_result,
                                                              "direct")
    assert held_open >= SLOW_CLIENTS * 0.9, f"the attack did not hold connections open ({held_open})"
    assert len(visits) >= 10 and statuses == {200: len(visits)}, dict(statuses)
    assert max(latencies) < 5, f"slowest page {max(latencies):.1f}s"


def test_slow_clients_do_not_starve_the_site_behind_nginx(proxied_app, record_result):
    """The same attack at deploy/nginx.conf over TLS: nginx holds (and times out) the slow clients."""
    nginx, _app = proxied_app
    record_result(tried=f"{SLOW_CLIENTS} slow TLS clients at deploy/nginx.conf in front of gunicorn for "
                        f"{SLOW_SECONDS:.0f} s, with a visitor reading pages through it",
                  held="every page answered 200 within 5 s; nginx closed the slow clients (client timeouts)")
    visits, statuses, latencies, _held_open = attack_and_visit(nginx.base_url, nginx.base_url, record_result,
                                                               "nginx")
    assert len(visits) >= 10 and statuses == {200: len(visits)}, dict(statuses)
    assert max(latencies) < 5, f"slowest page {max(latencies):.1f}s"


def test_unreadable_bodies_are_400s_with_one_log_line(app_server, record_result):
    """200 form posts with charset=utf-16 (or utf8, latin-1) and a CSRF cookie, straight at gunicorn."""
    server = app_server(extra_env={"GUNICORN_LOG_LEVEL": "info"})
    log_before = server.log_path.stat().st_size
    kinds = ["utf-16", "utf8", "latin-1", "UTF-16LE"]
    answers_seen = []
    for number in range(BAD_REQUESTS):
        charset = kinds[number % len(kinds)]
        answers_seen.append(fetch(
            server.base_url + ["/consultation/", "/admin/login/"][number % 2], "POST",
            body=b"full_name=Robin&message=private+words&csrfmiddlewaretoken=" + CSRF.encode(),
            headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}",
                     "Cookie": f"csrftoken={CSRF}"}))
    time.sleep(0.5)
    log = server.log_path.read_text(errors="replace")
    new_log = log[log_before:] if len(log) >= log_before else log
    lines = [line for line in new_log.splitlines() if "Bad request" in line]
    statuses = Counter(answer.status for answer in answers_seen)
    log_bytes = server.log_path.stat().st_size - log_before
    record_result(
        tried=f"{BAD_REQUESTS} URL-encoded POSTs with a charset other than UTF-8 and a CSRF cookie, to the form "
              "and the admin sign-in, straight at gunicorn",
        held="each answered 400 with our page and security headers; one log line each, no traceback",
        figures={"bad_requests": BAD_REQUESTS, "statuses": dict(statuses), "log_bytes": log_bytes,
                 "log_bytes_per_request": log_bytes / BAD_REQUESTS, "log_lines_saying_bad_request": len(lines)},
    )
    assert statuses == {400: BAD_REQUESTS}, dict(statuses)
    for answer in answers_seen[:4]:
        assert "We could not read that request" in answer.text and "tel:988" in answer.text
        assert answer.header("content-security-policy") and answer.header("x-content-type-options") == "nosniff"
        assert answer.header("server") == "kap-site"
    assert "Traceback" not in new_log and "private words" not in new_log
    assert len(lines) == BAD_REQUESTS
    # One warning line and one access-log line per request.
    assert log_bytes / BAD_REQUESTS < 400, f"{log_bytes} bytes of log for {BAD_REQUESTS} bad requests"


def test_nginx_passes_each_visitors_address_and_serves_files(proxied_app, main_postgresql, load_database,
                                                             record_result):
    """Through deploy/nginx.conf: form posts from two loopback addresses against a limit of 2 an hour
    (and 1 more a day stored flagged); static and media files; an oversized body; a foreign media
    file; the Server header."""
    nginx, app = proxied_app
    image = app.home / "media" / "articles" / "heroes" / "proxy-test.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    (image.parent / "notes.txt").write_text("not an image")
    csrf_cookie = f"csrftoken={CSRF}"

    def post_form(source):
        """(token id, the answer's 303 Location path, and the status of the page it leads to)."""
        token, token_id = forge_form_token(app.secret_key)
        answer = fetch(nginx.base_url + "/consultation/", "POST", source=source,
                       body={**answers(), "csrfmiddlewaretoken": CSRF, "form_token": token},
                       headers={"Cookie": csrf_cookie, "Origin": nginx.base_url})
        location = urllib.parse.urlsplit(answer.header("location")).path
        # Followed as a browser would, with the cookies it was given (the session holds what happened).
        cookies = "; ".join(filter(None, [csrf_cookie, answer.cookies]))
        shown = fetch(nginx.base_url + location, source=source, headers={"Cookie": cookies}) if location else None
        return token_id, answer.status, location, shown and shown.status

    first_visitor = [post_form("127.0.0.2") for _ in range(4)]
    second_visitor = post_form("127.0.0.3")
    flags = main_postgresql.over_rate_limit_flags(load_database)
    static = fetch(nginx.base_url + "/static/css/site.css")
    media = fetch(nginx.base_url + "/media/articles/heroes/proxy-test.png")
    not_image = fetch(nginx.base_url + "/media/articles/heroes/notes.txt")
    too_big = fetch(nginx.base_url + "/consultation/", "POST", body=b"x" * (2 * 1024 * 1024),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    page = fetch(nginx.base_url + "/articles/")
    plain_http = fetch(f"http://127.0.0.1:{nginx.http_port}/articles/")
    stored = {token_id: flags.get(token_id) for token_id, *_answer in [*first_visitor, second_visitor]}
    record_result(
        tried="deploy/nginx.conf over TLS in front of gunicorn (TRUSTED_PROXIES=127.0.0.1, form limit 2 an hour, "
              "1 more a day stored flagged): 4 posts from 127.0.0.2, then 1 from 127.0.0.3; static, media, "
              "a text file in media, a 2 MB body, http",
        held="the limits counted each visitor's own address (.2: 2 stored, the 3rd stored flagged for staff, the "
             "4th refused with 429; .3 stored unflagged); files served by nginx with long cache lifetimes; the "
             "text file 404; 2 MB refused with 413; http redirected to https",
        figures={"first_visitor": [answer[1:] for answer in first_visitor], "second_visitor": second_visitor[1:],
                 "stored_over_rate_limit": [stored[token_id] for token_id, *_answer in first_visitor],
                 "second_visitor_over_rate_limit": stored[second_visitor[0]], "static": static.status,
                 "media": media.status, "media_txt": not_image.status, "too_big": too_big.status},
    )
    received = (303, "/consultation/received/", 200)
    assert [answer[1:] for answer in first_visitor] == [received] * 3 + [(303, "/consultation/", 429)], first_visitor
    # None: not stored. The third from .2 is kept, flagged; the fourth refused; .3 counted on its own.
    assert [stored[token_id] for token_id, *_answer in first_visitor] == [False, False, True, None], stored
    assert second_visitor[1:] == received and stored[second_visitor[0]] is False, (second_visitor, stored)
    assert static.status == 200 and "max-age=31536000" in static.header("cache-control")
    assert static.body == (BASE_DIR / "static" / "css" / "site.css").read_bytes()
    assert media.status == 200 and media.header("content-type") == "image/png" and media.body == image.read_bytes()
    assert media.header("x-content-type-options") == "nosniff"
    assert not_image.status == 404 and too_big.status == 413
    assert page.status == 200 and page.header("strict-transport-security")  # Django saw https from the proxy
    assert "gunicorn" not in page.header("server") and "nginx/" not in page.header("server")
    assert plain_http.status == 301 and plain_http.header("location").startswith("https://")


def containerfile_health_check():
    text = (BASE_DIR / "Containerfile").read_text().replace("\\\n", " ")
    return json.loads(text.split("HEALTHCHECK", 1)[1].split("CMD", 1)[1].strip().splitlines()[0])


def test_the_image_health_check_passes_and_a_killed_master_leaves_no_worker(app_server, record_result):
    """The Containerfile's HEALTHCHECK against gunicorn as the image runs it; then kill -9 of the master:
    its workers notice the parent is gone and exit."""
    server = app_server()
    command = containerfile_health_check()
    assert command[0] == "python"  # the image's Python; here, ours
    health = subprocess.run([sys.executable, *command[1:]], env=server.env, capture_output=True, text=True,
                            timeout=30, check=False)
    assert health.returncode == 0, health.stderr
    workers = server.worker_pids()
    assert workers
    os.kill(server.pid, signal.SIGKILL)
    server.process.wait(timeout=10)
    started = time.monotonic()
    while time.monotonic() - started < 40 and any(Path(f"/proc/{pid}").exists() and
                                                  "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
                                                  for pid in workers if Path(f"/proc/{pid}/stat").exists()):
        time.sleep(0.2)
    seconds = time.monotonic() - started
    alive = [pid for pid in workers if Path(f"/proc/{pid}/stat").exists()
             and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
    record_result(tried="the Containerfile's HEALTHCHECK command against gunicorn; kill -9 of the gunicorn master",
                  held="every worker exited by itself (they check their parent), so nothing serves unsupervised",
                  figures={"workers": len(workers), "exit_seconds": seconds})
    assert not alive, f"workers still running {seconds:.0f}s after the master died: {alive}"
    answer = fetch(server.base_url + "/healthz", timeout=3)
    assert answer.status is None, "something still answers on the dead server's port"
