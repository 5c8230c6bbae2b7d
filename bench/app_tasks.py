"""Work that needs the app itself, in a process of its own with one bench database's settings:

    python -m bench.app_tasks generate --articles 10000 --requests 3000
    python -m bench.app_tasks queries --pages '[["home", "/"], ...]'
    python -m bench.app_tasks form-bodies --count 20000 --csrf-token T --out F --ids-out G

Each prints one JSON document on stdout. The environment (DATABASE_URL, DJANGO_SECRET_KEY and
the rest) comes from the benchmark runner, as for the gunicorn server it measures.
"""

import argparse
import json
import os
import sys
import time
import uuid
from urllib.parse import urlencode

# Pages the page cache never holds (see kap_site/page_cache.py).
UNCACHED_PAGES = {"form"}
# Each page is rendered this many times in-process (page cache off) and the median kept.
TIMED_RENDERS = 5


def sample_form(number, extra=()):
    """What a person fills in, varied a little per request; the two tokens are added by the caller."""
    first = ["Alex", "Maria", "Sam", "Priya", "Jordan", "Noor"][number % 6]
    last = ["Rivera", "Chen", "Okafor", "Nguyen", "Haddad", "Ito"][(number // 6) % 6]
    fields = [
        ("full_name", f"{first} {last}"),
        ("preferred_name", ""),
        ("email", f"{first}.{last}.{number}@example.com".lower()),
        ("phone", ""),
        ("contact_method", "email"),
        ("best_time", "Weekday mornings"),
        ("state", ["CA", "OR", "WA", "NV"][number % 4]),
        ("visit_preference", "either"),
        ("help_with", "depression"),
        ("message", "I have tried two antidepressants and would like to know if KAP could help me."),
        ("heard_about", "search"),
        ("is_adult", "on"),
        ("consented", "on"),
        ("website", ""),
        ("source_article", ""),
    ]
    if number % 2:
        fields.append(("help_with", "anxiety"))
    return fields + list(extra)


def new_form_token():
    """A form token as the form view renders one (consultations.forms.new_form_token), made ten
    seconds ago, as a person would have filled the form. Returns (token, its uuid as hex)."""
    from consultations.forms import new_form_token as form_token

    token_id = uuid.uuid4().hex
    return form_token(token_id, age_seconds=10), token_id


def task_generate(args):
    from .corpus import generate_corpus

    return generate_corpus(args.articles, args.requests)


def task_form_bodies(args):
    """One urlencoded POST body per line, each with its own form token, and the tokens' uuids."""
    bodies, ids = [], []
    for number in range(args.count):
        token, token_id = new_form_token()
        bodies.append(urlencode(sample_form(number, [("form_token", token), ("csrfmiddlewaretoken", args.csrf_token)])))
        ids.append(token_id)
    with open(args.out, "w") as out:
        out.write("\n".join(bodies) + "\n")
    with open(args.ids_out, "w") as out:
        out.write("\n".join(ids) + "\n")
    return {"bodies": len(bodies)}


def task_queries(args):
    """SQL queries and render time per page, run through the full middleware stack in this process.

    The first request to each page warms this process (templates, URL resolvers); then it is
    rendered TIMED_RENDERS times with the page cache off (what a page costs whenever the cache
    misses) and the median render is kept, with its queries and the time each took.
    Then with the page cache on: a hit costs the shared content-version check (one query, at most
    once a second per process; we force it on every request to see it) or nothing.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    pages = json.loads(args.pages)
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name, path in pages:
            client.get(path)
            renders = []
            for _repeat in range(TIMED_RENDERS):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    seconds = time.perf_counter() - started
                renders.append((seconds, captured.captured_queries, response.status_code))
            # The median render, so one slow outlier (another process) does not stand for the page.
            seconds, queries, status = sorted(renders, key=lambda render: render[0])[len(renders) // 2]
            results[name] = {
                "path": path,
                "status": status,
                "queries": len(queries),
                "sql": [query["sql"] for query in queries],
                "render_ms": round(seconds * 1000, 1),
                "query_ms": [round(float(query["time"]) * 1000, 1) for query in queries],
            }
    for check_seconds, key in ((0, "cached_queries_max"), (3600, "cached_queries")):
        with override_settings(PAGE_CACHE_SECONDS=600, PAGE_CACHE_VERSION_CHECK_SECONDS=check_seconds):
            for name, path in pages:
                client.get(path)  # fills the cache
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
                results[name][key] = None if name in UNCACHED_PAGES else len(captured)

    # A form submission, on a client of its own (the session it gets would bypass the page cache),
    # as a visitor without a session sends it: the form first, then the POST.
    poster = Client(HTTP_HOST="127.0.0.1")

    def filled_form(number):
        poster.cookies.clear()
        poster.get("/consultation/")
        token, _token_id = new_form_token()
        return dict_from_pairs(sample_form(number, [("form_token", token)]))

    poster.post("/consultation/", filled_form(0))  # warms this process: email templates, mail backend
    data = filled_form(1)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = poster.post("/consultation/", data)
        seconds = time.perf_counter() - started
    results["submit"] = {
        "path": "POST /consultation/",
        "status": response.status_code,
        "queries": len(captured),
        "sql": [query["sql"] for query in captured.captured_queries],
        "render_ms": round(seconds * 1000, 1),
        "query_ms": [round(float(query["time"]) * 1000, 1) for query in captured.captured_queries],
        "cached_queries": None,
        "cached_queries_max": None,
    }
    return results


def dict_from_pairs(pairs):
    data = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.app_tasks")
    tasks = parser.add_subparsers(dest="task", required=True)
    generate = tasks.add_parser("generate")
    generate.add_argument("--articles", type=int, required=True)
    generate.add_argument("--requests", type=int, required=True)
    queries = tasks.add_parser("queries")
    queries.add_argument("--pages", required=True, help='JSON list of [name, path]')
    bodies = tasks.add_parser("form-bodies")
    bodies.add_argument("--count", type=int, required=True)
    bodies.add_argument("--csrf-token", required=True)
    bodies.add_argument("--out", required=True)
    bodies.add_argument("--ids-out", required=True)
    args = parser.parse_args(argv)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kap_site.settings")
    django.setup()
    handler = {"generate": task_generate, "queries": task_queries, "form-bodies": task_form_bodies}[args.task]
    print(json.dumps(handler(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
