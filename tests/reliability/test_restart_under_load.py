"""A graceful reload (SIGHUP to the gunicorn master) while submissions are in flight: nothing
acknowledged is lost, nothing is stored twice, and a visitor who got no answer can send the same
form again safely."""

import threading
import time
from collections import Counter

from tests.conftest import requires_postgresql

from .harness import Browser, answers, forge_form_token, percentile, read_token_id, stored_answer

pytestmark = requires_postgresql()

THREADS = 8
MAX_PER_THREAD = 80  # a hard cap; the run normally stops well before it
MAX_ATTEMPTS = 6  # per form: the first try plus retries of the same token
WORKERS = 3
RELOADS = 2
BETWEEN_RELOADS = 40  # acknowledged submissions before, between and after the reloads
FORM = "/consultation/"


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    for _poll in range(int(timeout / 0.05) + 1):
        if predicate():
            return True
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return bool(predicate())


def test_graceful_reload_under_load_loses_and_duplicates_nothing(gunicorn_on_load_database, main_postgresql,
                                                                 load_database, record_result):
    """Submit from 8 threads; send SIGHUP to gunicorn twice while requests are in flight."""
    server = gunicorn_on_load_database(WORKERS)
    master_pid = server.pid
    stop = threading.Event()
    lock = threading.Lock()
    state = {"in_flight": 0, "acknowledged": 0}
    attempts = []  # (token id, status, error, seconds)
    final = {}  # token id -> the last status the visitor saw
    page_statuses = []

    def send_until_answered(browser, csrf, token):
        token_id = read_token_id(token)
        response = None
        for attempt in range(MAX_ATTEMPTS):
            with lock:
                state["in_flight"] += 1
            response = browser.post(FORM, {**answers(), "csrfmiddlewaretoken": csrf, "form_token": token})
            with lock:
                state["in_flight"] -= 1
            attempts.append((token_id, response.status, response.error, response.seconds))
            if response.status is not None and response.status < 500:
                break
            time.sleep(0.2 * (attempt + 1))  # no answer (or a server error): send the same form again
        stored = stored_answer(response.status, response.location)
        # Every answer to a post is a 303; only the one to the confirmation says it was stored.
        final[token_id] = "303 back to the form" if response.status == 303 and not stored else response.status
        if stored:
            with lock:
                state["acknowledged"] += 1

    def visitor():
        browser = Browser(server.base_url)
        page, csrf, _token = browser.open_form(FORM)
        page_statuses.append(page.status)
        for _index in range(MAX_PER_THREAD):
            if stop.is_set():
                break
            send_until_answered(browser, csrf, forge_form_token(server.secret_key)[0])

    threads = [threading.Thread(target=visitor, daemon=True) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()

    reloads = []
    try:
        for _number in range(RELOADS):
            target = state["acknowledged"] + BETWEEN_RELOADS
            wait_for(lambda target=target: state["acknowledged"] >= target, 60)
            wait_for(lambda: state["in_flight"] > 0, 10)
            old_workers = server.worker_pids()
            in_flight = state["in_flight"]
            signalled = time.perf_counter()
            server.reload()

            def replaced(old_workers=old_workers):
                current = server.worker_pids()
                return len(current) == WORKERS and not current & old_workers

            done = wait_for(replaced, 60)
            reloads.append({"in_flight": in_flight, "replaced": done, "seconds": time.perf_counter() - signalled})
        target = state["acknowledged"] + BETWEEN_RELOADS
        wait_for(lambda: state["acknowledged"] >= target, 60)
    finally:
        stop.set()
        deadline = time.monotonic() + 120
        for thread in threads:
            thread.join(timeout=max(0.1, deadline - time.monotonic()))
    seconds = time.perf_counter() - started
    assert not any(thread.is_alive() for thread in threads), "submissions did not finish within 2 minutes"

    rows = main_postgresql.consultations_after(load_database)
    stored = Counter(token for token, _spam in rows)
    tokens = set(final)
    statuses = Counter(status for _token, status, _error, _seconds in attempts)
    no_answer = Counter(error for _token, status, error, _seconds in attempts if status is None)
    server_errors = sum(1 for _token, status, *_rest in attempts if status is not None and status >= 500)
    latencies = [seconds for *_rest, seconds in attempts]
    record_result(
        tried=f"gunicorn ({WORKERS} workers) on PostgreSQL; {THREADS} threads submitting; {RELOADS} x SIGHUP "
              "(graceful reload) with requests in flight; a visitor without an answer resends the same token",
        held="all workers replaced each time; every form acknowledged, no 5xx; each acknowledged token "
             "stored exactly once (rows == distinct tokens)",
        figures={
            "forms": len(tokens), "requests": len(attempts), "retries": len(attempts) - len(tokens),
            "no_answer": dict(no_answer), "server_errors": server_errors, "seconds": seconds,
            "req_per_s": len(attempts) / seconds, "p50_ms": percentile(latencies, 0.5) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000, "max_ms": max(latencies) * 1000,
            "in_flight_at_reload": [reload["in_flight"] for reload in reloads],
            "reload_s": [round(reload["seconds"], 1) for reload in reloads], "rows": len(rows),
        },
    )
    print(f"\nreload under load: {len(attempts)} POSTs for {len(tokens)} forms in {seconds:.1f}s, "
          f"{len(attempts) - len(tokens)} retries, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
          f"in flight at reload {[reload['in_flight'] for reload in reloads]}, {len(rows)} rows")

    assert page_statuses == [200] * THREADS
    assert server.process.poll() is None and server.pid == master_pid, "the gunicorn master itself went away"
    assert len(reloads) == RELOADS and all(reload["replaced"] for reload in reloads), reloads
    assert all(reload["in_flight"] > 0 for reload in reloads), f"no request was in flight at a reload: {reloads}"
    assert server_errors == 0, f"server errors during the reload: {dict(statuses)}"
    unanswered = [token for token, status in final.items() if status != 303]
    assert not unanswered, f"{len(unanswered)} forms never acknowledged: {Counter(final.values())}"
    assert len(rows) == len(tokens), f"{len(rows)} rows for {len(tokens)} distinct tokens"
    assert set(stored) == tokens and max(stored.values()) == 1
