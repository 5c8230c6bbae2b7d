"""Emails when the mail server fails, with the site started by `make serve` itself (checks,
migrations, then honcho running gunicorn and the background worker from the Procfile), on
PostgreSQL, sending to a real local SMTP server (aiosmtpd) that the test stops, restarts, or
replaces with one that never answers."""

import contextlib
import email
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2
import pytest
from aiosmtpd.controller import Controller

from bench.common import BASE_DIR, LOOPBACK, app_environment, free_port, random_secret_key, tail
from tests.conftest import requires_postgresql

from .harness import Browser, answers, percentile

pytestmark = requires_postgresql()

FORM = "/consultation/"
REFERENCE = re.compile(r"KAP-[0-9A-Z]{6}")
STAFF_ADDRESS = "intake@practice.example"
REQUESTS = 50


class MailSink:
    """A real SMTP server on loopback; keeps (recipient, subject) of each message it accepts."""

    def __init__(self, port):
        self.port = port
        self.received = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        subject = email.message_from_bytes(envelope.content)["Subject"]
        self.received.extend((recipient, subject) for recipient in envelope.rcpt_tos)
        return "250 Message accepted"

    def start(self):
        self._controller = Controller(self, hostname=LOOPBACK, port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class HungMailServer:
    """Accepts connections and never says a word, as a hung mail server does."""

    def __init__(self, port):
        self.sock = socket.create_server((LOOPBACK, port))
        self.held = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self.stopped.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                self.held.append(self.sock.accept()[0])

    def stop(self):
        self.stopped.set()
        for conn in self.held:
            conn.close()
        self.sock.close()


class ServeStack:
    """`make serve` on a dedicated database."""

    def __init__(self, database_url, mail_port, extra=None):
        self.home = Path(tempfile.mkdtemp(prefix="kap-serve-"))
        self.port = free_port()
        self.base_url = f"http://{LOOPBACK}:{self.port}"
        self.database_url = database_url
        env = app_environment(home=self.home, secret_key=random_secret_key(), database_url=database_url,
                              media_root=self.home / "media")
        env.update(
            DJANGO_STATIC_MANIFEST="false",
            GUNICORN_BIND=f"{LOOPBACK}:{self.port}",
            GUNICORN_WORKERS="2",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=LOOPBACK,
            EMAIL_PORT=str(mail_port),
            EMAIL_TIMEOUT="3",
            CONSULTATION_NOTIFY_EMAILS=STAFF_ADDRESS,
            NOTICE_FIRST_RETRY_SECONDS="1",
            NOTICE_MAX_RETRY_SECONDS="4",
        )
        env.update(extra or {})
        self.log_path = self.home / "serve.log"
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(  # noqa: S603 (fixed command)
            ["make", "--no-print-directory", "serve"],
            cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"make serve exited with {self.process.returncode}:\n{tail(self.log_path)}")
            if Browser(self.base_url, timeout=2).get("/healthz").status == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"the site did not answer within {timeout}s:\n{tail(self.log_path)}")

    def notice_states(self):
        with contextlib.closing(psycopg2.connect(self.database_url)) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT state, count(*) FROM consultations_notice GROUP BY state")
            return dict(cursor.fetchall())

    def stop(self, timeout=30):
        """SIGTERM, as systemd or a terminal's Ctrl+C would; return the seconds until all stopped."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()
        return time.monotonic() - started


def descendants(pid):
    """{pid: command line} of every process below `pid`."""
    found = {}
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split() if Path(f"/proc/{pid}").exists() else []:
        with contextlib.suppress(OSError):
            found[int(child)] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            found.update(descendants(int(child)))
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes.
    return "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[:1]


def send_requests(stack, count):
    """`count` people each load the form and send it; return (statuses, seconds, references shown)."""
    statuses, seconds, references = [], [], []
    for number in range(count):
        browser = Browser(stack.base_url)
        _page, csrf, token = browser.open_form(FORM)
        response = browser.post(FORM, {**answers(email=f"person{number}@example.org"),
                                       "csrfmiddlewaretoken": csrf, "form_token": token})
        statuses.append(response.status)
        seconds.append(response.seconds)
        if response.status == 303:
            confirmation = browser.get(response.location)
            references.extend(REFERENCE.findall(confirmation.text)[:1])
    return statuses, seconds, references


def wait_for(condition, timeout, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@pytest.fixture
def mail_port():
    return free_port()


@pytest.fixture
def serve_stack(main_postgresql, load_database, mail_port):
    stacks = []

    def start(**extra):
        stack = ServeStack(main_postgresql.url(load_database), mail_port, extra)
        stacks.append(stack)
        return stack

    yield start
    for stack in stacks:
        stack.stop()


def test_mail_server_down_then_back_every_notice_arrives_exactly_once(serve_stack, mail_port, record_result):
    """With the mail server down, 50 people send a request; then the mail server comes back."""
    sink = MailSink(mail_port)  # not started: the mail server is down
    stack = serve_stack()
    try:
        statuses, seconds, references = send_requests(stack, REQUESTS)
        assert statuses == [303] * REQUESTS, Counter(statuses)
        assert len(set(references)) == REQUESTS  # each person saw their own reference at once
        # The worker tried, failed, and keeps every notice for another try.
        assert wait_for(lambda: stack.notice_states().get("pending", 0) == 2 * REQUESTS, 30)
        states_while_down = stack.notice_states()
        sink.start()
        back_at = time.monotonic()
        assert wait_for(lambda: len(sink.received) >= 2 * REQUESTS, 120), (len(sink.received), stack.notice_states())
        delivered_after = time.monotonic() - back_at
        time.sleep(3)  # any duplicate would arrive now
        per_notice = Counter((recipient, REFERENCE.search(subject).group(0)) for recipient, subject in sink.received)
        assert max(per_notice.values()) == 1, [item for item, n in per_notice.items() if n > 1]
        staff = {ref for (recipient, ref) in per_notice if recipient == STAFF_ADDRESS}
        people = {ref for (recipient, ref) in per_notice if recipient != STAFF_ADDRESS}
        assert staff == people == set(references)
        assert stack.notice_states() == {"sent": 2 * REQUESTS}
    finally:
        sink.stop()
    record_result(
        held=f"{REQUESTS} stored and acknowledged on screen while mail was down; all {2 * REQUESTS} emails "
             "arrived once each after it came back",
        figures={"submit_median_s": percentile(seconds, 0.5), "submit_max_s": max(seconds),
                 "pending_while_down": states_while_down.get("pending", 0),
                 "all_delivered_after_s": delivered_after, "duplicates": 0},
    )


def test_a_hung_mail_server_adds_no_time_to_a_submission_and_serve_stops_on_sigterm(
        serve_stack, mail_port, record_result):
    """The mail server accepts connections and never answers; people send requests meanwhile."""
    hung = HungMailServer(mail_port)
    stack = serve_stack(EMAIL_TIMEOUT="20")
    try:
        statuses, seconds, references = send_requests(stack, 10)
        home = Browser(stack.base_url).get("/")
    finally:
        hung.stop()
    assert statuses == [303] * 10 and len(references) == 10
    assert home.status == 200
    # A submission that waited for the mail server would take the 20 s timeout at least.
    assert max(seconds) < 5, seconds
    processes = descendants(stack.process.pid)
    commands = " ".join(processes.values())
    assert "gunicorn" in commands and "run_worker" in commands, commands
    stop_seconds = stack.stop()
    assert wait_for(lambda: not any(alive(pid) for pid in processes), 15)
    record_result(
        held="submissions did not wait for a mail server that never answers; SIGTERM stopped web and worker",
        figures={"submit_median_s": percentile(seconds, 0.5), "submit_max_s": max(seconds),
                 "smtp_timeout_s": 20, "stop_s": stop_seconds},
    )
