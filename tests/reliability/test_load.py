"""Concurrent submissions against gunicorn on PostgreSQL: every request is acknowledged, and each
acknowledged request is stored exactly once, replays included."""

import threading
import time
from collections import Counter

from tests.conftest import requires_postgresql

from .harness import Browser, answers, forge_form_token, percentile, read_token_id

pytestmark = requires_postgresql()

THREADS = 16
PER_THREAD = 25
REPLAY_EVERY = 10  # every tenth token is also sent a second time, at the same moment
WORKERS = 4
FORM = "/consultation/"


def test_concurrent_submissions_are_each_stored_exactly_once(gunicorn_on_load_database, main_postgresql,
                                                              load_database, record_result):
    """16 visitors send 25 requests each at once; every tenth form is sent twice concurrently."""
    server = gunicorn_on_load_database(WORKERS)
    results = []  # (token id, status, seconds, error, location)
    page_statuses = []
    began = []
    start_together = threading.Barrier(THREADS, action=lambda: began.append(time.perf_counter()), timeout=120)

    def post(browser, csrf, token):
        response = browser.post(FORM, {**answers(), "csrfmiddlewaretoken": csrf, "form_token": token})
        results.append((read_token_id(token), response.status, response.seconds, response.error, response.location))

    def twin(barrier, browser, csrf, token):
        barrier.wait()
        post(browser, csrf, token)

    def visitor(number):
        # Two tabs with their own cookies: both load the form, as a person would.
        tabs = []
        for _tab in range(2):
            browser = Browser(server.base_url)
            page, csrf, rendered_token = browser.open_form(FORM)
            page_statuses.append(page.status)
            tabs.append((browser, csrf, rendered_token))
        start_together.wait()
        for index in range(PER_THREAD):
            browser, csrf, rendered_token = tabs[0]
            # The first request uses the token the page rendered; the rest are signed as the server
            # would sign them (a page load for each would measure page rendering, not submissions).
            token = rendered_token if index == 0 else forge_form_token(server.secret_key)[0]
            if (number * PER_THREAD + index) % REPLAY_EVERY == REPLAY_EVERY - 1:
                other_browser, other_csrf, _ = tabs[1]
                both = threading.Barrier(2, timeout=30)
                other = threading.Thread(target=twin, args=(both, other_browser, other_csrf, token))
                other.start()
                both.wait()
                post(browser, csrf, token)
                other.join(timeout=60)
            else:
                post(browser, csrf, token)

    threads = [threading.Thread(target=visitor, args=(number,), daemon=True) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 180
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "load did not finish within 3 minutes"
    seconds = time.perf_counter() - began[0]

    rows = main_postgresql.consultations_after(load_database)
    stored = Counter(token for token, _spam in rows)
    tokens = {token for token, *_rest in results}
    acknowledged = {token for token, status, *_rest in results if status == 303}
    statuses = Counter(status for _token, status, *_rest in results)
    latencies = [seconds for _token, _status, seconds, *_rest in results]
    replayed = sum(1 for count in Counter(token for token, *_rest in results).values() if count == 2)
    record_result(
        tried=f"gunicorn ({WORKERS} workers) on PostgreSQL; {THREADS} concurrent visitors x {PER_THREAD} "
              f"submissions, {replayed} tokens sent twice at the same moment",
        held="every POST answered 303, no 5xx; rows == distinct tokens, each stored once, none flagged as spam",
        figures={
            "requests": len(results), "distinct_tokens": len(tokens), "seconds": seconds,
            "req_per_s": len(results) / seconds, "p50_ms": percentile(latencies, 0.5) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000, "max_ms": max(latencies) * 1000,
            "rows": len(rows), "statuses": dict(statuses),
        },
    )
    print(f"\nload: {len(results)} POSTs in {seconds:.1f}s = {len(results) / seconds:.0f} req/s, "
          f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
          f"{len(rows)} rows for {len(tokens)} tokens ({replayed} replayed)")

    assert page_statuses == [200] * (2 * THREADS)
    assert len(results) == THREADS * PER_THREAD + replayed and replayed >= THREADS * PER_THREAD // REPLAY_EVERY
    assert statuses == {303: len(results)}, f"not every POST was acknowledged: {dict(statuses)}"
    assert all(location == "/consultation/received/" for *_rest, location in results)
    assert acknowledged == tokens
    assert len(rows) == len(tokens), f"{len(rows)} rows for {len(tokens)} distinct tokens"
    assert set(stored) == tokens and max(stored.values()) == 1
    assert not any(spam for _token, spam in rows), "genuine requests were flagged as spam"
