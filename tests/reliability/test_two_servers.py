"""Two app servers behind deploy/nginx.conf, sharing one PostgreSQL (a disposable cluster) and one
Redis (started here), with the background worker sending to a real local SMTP server. Visitors
send form posts and read an article; mid-load one app server is killed outright (master and
workers, as a crash) and PostgreSQL is restarted. Then the killed server comes back, an article is
edited, and we time how long until both servers serve the edit.

Load sizes: KAP_TWO_SERVER_REQUESTS (2,000 by default, CI-sized), KAP_TWO_SERVER_THREADS (8)."""

import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections import Counter

import pytest

from bench.common import BASE_DIR, free_port, tail
from bench.proxy import NginxServer, RedisServer
from tests.conftest import requires_postgresql

from .clients import fetch, nginx_or_skip, setting
from .harness import (
    DisposablePostgres,
    GunicornServer,
    answers,
    forge_form_token,
    migrate,
    percentile,
    stored_answer,
    visible_text,
)
from .test_mail_outage import MailSink
from .test_serving_edge import CSRF

pytestmark = requires_postgresql()

REQUESTS = setting("KAP_TWO_SERVER_REQUESTS", 2000)
THREADS = setting("KAP_TWO_SERVER_THREADS", 8)
POST_SHARE = 0.4  # of the requests, form posts; the rest are article reads
MAX_ATTEMPTS = 8  # a visitor sends the same form again until it is acknowledged
DATABASE = "kap_two_servers"
STAFF = "intake@practice.example"
ARTICLE_SLUG = "two-servers"

# Made as a draft, approved (by the sample clinician) and published, as the clinical-review rules require.
CREATE_ARTICLE = f"""
import datetime
from django.utils import timezone
from articles.models import Article
from practice.models import Clinician
article = Article.objects.create(title="Original title", slug="{ARTICLE_SLUG}", summary="A short summary.",
    body="## What it is\\n\\nA plain article for the load.")
article.approve_as_seeded(Clinician.objects.sample())
article.publish(at=timezone.now() - datetime.timedelta(days=1))
"""


def edit_title_code(new_title):
    """Shell code that edits the article's live title the only way the rules allow: the working
    copy, approved (by the sample clinician) and published (tests.helpers.publish_edit)."""
    return f"""
from articles.models import Article
from tests.helpers import publish_edit
publish_edit(Article.objects.get(language="en", slug="{ARTICLE_SLUG}"), draft_title="{new_title}")
"""


def manage_shell(env, code, timeout=120):
    result = subprocess.run([str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", "shell", "-v", "0", "-c", code],
                            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def kill_server(server):
    """A crash: the master and every worker at once, mid-request."""
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=10)


@pytest.fixture
def two_server_site(postgres_binaries):
    nginx_or_skip()
    cluster = DisposablePostgres(postgres_binaries)
    redis = RedisServer()
    mail = MailSink(free_port())
    servers, worker, nginx = [], None, None
    try:
        cluster.initdb().start()
        cluster.server.create_database(DATABASE)
        url = cluster.server.url(DATABASE)
        migrate(url)
        redis.start()
        mail.start()
        secret = None
        for _number in range(2):
            server = GunicornServer(url, workers=2, extra_env={
                "REDIS_URL": redis.url, "TRUSTED_PROXIES": "127.0.0.1",
                "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(mail.port), "CONSULTATION_NOTIFY_EMAILS": STAFF,
                "GUNICORN_THREADS": "8",
            })
            if secret is None:
                secret = server.secret_key
            # Every server (and the worker) signs with the same key, as a real deployment does.
            server.secret_key = secret
            server.env["DJANGO_SECRET_KEY"] = secret
            servers.append(server)
        nginx = NginxServer([f"127.0.0.1:{server.port}" for server in servers],
                            static_root=BASE_DIR / "static", media_root=servers[0].home / "media")
        for server in servers:
            server.env["SITE_URL"] = nginx.base_url
            server.start()
        manage_shell(servers[0].env, CREATE_ARTICLE)
        worker_env = {key: value for key, value in servers[0].env.items() if key != "GUNICORN_BIND"}
        worker = subprocess.Popen([str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", "run_worker"],
                                  cwd=BASE_DIR, env=worker_env, stdin=subprocess.DEVNULL,
                                  stdout=open(servers[0].home / "worker.log", "ab"),  # noqa: SIM115
                                  stderr=subprocess.STDOUT, start_new_session=True)
        nginx.start()
        yield cluster, redis, mail, servers, nginx, worker_env
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        if nginx is not None:
            nginx.stop()
        for server in servers:
            server.cleanup()
        mail.stop()
        redis.cleanup()
        cluster.destroy()


def test_two_servers_lose_nothing_when_one_dies_and_postgresql_restarts(two_server_site, record_result):
    """Form posts and article reads through nginx to two app servers; one killed, PostgreSQL restarted."""
    cluster, _redis, mail, servers, nginx, worker_env = two_server_site
    article_path = f"/articles/{ARTICLE_SLUG}/"
    lock = threading.Lock()
    budget = {"left": REQUESTS}
    attempts = []  # (kind, status, error, seconds, token id or None)
    final = {}  # token id -> last status
    odd_answers = []  # (status, text) of each form post answered neither 303 nor the kind 503
    received = set()  # token ids answered with the 303 to the confirmation (stored)
    origin = {"Cookie": f"csrftoken={CSRF}", "Origin": nginx.base_url}

    def take():
        with lock:
            if budget["left"] <= 0:
                return False
            budget["left"] -= 1
            return True

    def visitor(number):
        choose = random.Random(number)
        posts = 0
        while take():
            if choose.random() < POST_SHARE:
                token, token_id = forge_form_token(servers[0].secret_key)
                data = {**answers(email=f"person{number}-{posts}@example.org"), "csrfmiddlewaretoken": CSRF,
                        "form_token": token}
                posts += 1
                for attempt in range(MAX_ATTEMPTS):
                    answer = fetch(nginx.base_url + "/consultation/", "POST", body=data, headers=origin,
                                   source=f"127.0.1.{number + 1}", timeout=40)
                    attempts.append(("post", answer.status, answer.error, answer.seconds, token_id))
                    final[token_id] = answer.status
                    if answer.status not in (303, 503):
                        odd_answers.append((answer.status, answer.error or visible_text(answer.text)[:160]))
                    if stored_answer(answer.status, answer.header("location")):
                        received.add(token_id)
                    if answer.status == 303:  # stored, or back to the form (which fails the proof below)
                        break
                    if attempt:  # a person reads the kind page, then sends the form again
                        take()
                    time.sleep(0.5 * (attempt + 1))
            else:
                answer = fetch(nginx.base_url + article_path, source=f"127.0.1.{number + 1}")
                attempts.append(("read", answer.status, answer.error, answer.seconds, None))

    threads = [threading.Thread(target=visitor, args=(number,), daemon=True) for number in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    events = {}

    def wait_share(share, timeout=300):
        deadline = time.monotonic() + timeout
        while budget["left"] > REQUESTS * (1 - share) and time.monotonic() < deadline:
            time.sleep(0.05)

    wait_share(0.3)
    events["killed_at_request"] = REQUESTS - budget["left"]
    kill_server(servers[1])
    wait_share(0.6)
    events["postgresql_restart_at_request"] = REQUESTS - budget["left"]
    restart_began = time.perf_counter()
    cluster.stop("fast")
    cluster.start()
    events["postgresql_down_s"] = time.perf_counter() - restart_began
    deadline = time.monotonic() + 600
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    load_seconds = time.perf_counter() - started
    assert not any(thread.is_alive() for thread in threads), "the load did not finish within 10 minutes"

    # The killed server comes back; an edit must reach both servers' pages.
    servers[1].start()
    new_title = f"Edited title {uuid.uuid4().hex[:8]}"
    manage_shell(worker_env, edit_title_code(new_title))
    edited_at = time.perf_counter()  # the shell has committed the edit and exited
    seen = set()
    while len(seen) < 2 and time.perf_counter() - edited_at < 60:
        for index, server in enumerate(servers):
            if new_title in fetch(server.base_url + article_path).text:
                seen.add(index)
        time.sleep(0.05)
    edit_seconds = time.perf_counter() - edited_at
    stale_later = [index for index, server in enumerate(servers)
                   if new_title not in fetch(server.base_url + article_path).text]

    # Notices: the worker sends each stored request's two emails once.
    stored = cluster.server.consultations_after(DATABASE)
    expected_notices = 2 * len(stored)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        sent = cluster.server.scalar(DATABASE, "SELECT COUNT(*) FROM consultations_notice WHERE state = 'sent'")
        if sent >= expected_notices:
            break
        time.sleep(0.5)
    time.sleep(1)
    notice_states = dict(_notice_states(cluster))
    messages = Counter(mail.received)

    tokens_sent = {token for kind, *_rest, token in attempts if kind == "post"}
    acknowledged = {token for token, status in final.items() if status == 303 and token in received}
    stored_tokens = Counter(token for token, _spam in stored)
    statuses = Counter(status for _kind, status, *_rest in attempts)
    five_xx = {status: count for status, count in statuses.items() if status and status >= 500}
    latencies = [seconds for _kind, _status, _error, seconds, _token in attempts]
    figures = {
        "requests_sent": len(attempts), "form_posts": sum(1 for a in attempts if a[0] == "post"),
        "article_reads": sum(1 for a in attempts if a[0] == "read"), "forms": len(tokens_sent),
        "acknowledged": len(acknowledged), "rows_stored": len(stored),
        "duplicates": sum(count - 1 for count in stored_tokens.values()),
        "notices_expected": expected_notices, "notices_sent": notice_states.get("sent", 0),
        "notices_interrupted_by_restart": notice_states.get("sending", 0),
        "emails_received": sum(messages.values()), "emails_twice": sum(1 for c in messages.values() if c > 1),
        "five_xx_seen": five_xx, "no_answer": sum(1 for a in attempts if a[1] is None),
        "statuses": dict(statuses), "odd_post_answers": odd_answers,
        "bad_request_log_lines": [line.strip()[:200] for server in servers for line in server.log_lines()
                                  if "Bad request" in line],
        "seconds": load_seconds, "req_per_s": len(attempts) / load_seconds,
        "p50_ms": percentile(latencies, 0.5) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
        "edit_on_both_servers_s": edit_seconds, **events,
    }
    record_result(
        tried=f"nginx (deploy/nginx.conf) in front of 2 gunicorn servers sharing a PostgreSQL cluster and Redis, "
              f"worker mailing a local SMTP server; {THREADS} visitors, {REQUESTS} form posts and article reads; "
              "server 2 killed (kill -9 of its process group) at 30%, PostgreSQL restarted at 60%; "
              "then server 2 restarted and the article edited",
        held="every form acknowledged; rows stored == acknowledged, no duplicates; each notice sent once; no 500 "
             "or 502 (of 5xx only the kind 503 during the restart); both servers served the edit within seconds",
        figures=figures,
    )
    print(f"\ntwo servers: {figures}")

    assert acknowledged == tokens_sent, f"{len(tokens_sent - acknowledged)} forms never acknowledged"
    assert set(stored_tokens) == acknowledged and len(stored) == len(acknowledged)
    assert figures["duplicates"] == 0
    assert set(five_xx) <= {503}, f"visitors saw server errors: {five_xx}"
    assert figures["no_answer"] == 0
    # Each notice went out once. One the worker was sending when PostgreSQL went away may stay
    # "sending" (it cannot record the send): the worker's repair later shows it to staff as
    # "may not have arrived", and never sends it again (at most once, by design).
    in_flight = notice_states.get("sending", 0)
    assert notice_states.get("sent", 0) + in_flight == expected_notices and in_flight <= 1, (
        notice_states, tail(servers[0].home / "worker.log", 30))
    assert sum(messages.values()) == expected_notices and figures["emails_twice"] == 0
    assert seen == {0, 1} and not stale_later, (
        f"the edit ({new_title!r}) reached servers {seen} in {edit_seconds:.1f}s; server 1 shows: "
        f"{fetch(servers[0].base_url + article_path).text[:600]}")
    assert edit_seconds < 10


def _notice_states(cluster):
    conn = cluster.server.connect(DATABASE)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT state, COUNT(*) FROM consultations_notice GROUP BY state")
            return cursor.fetchall()
    finally:
        conn.close()
