"""`make bench`: build the corpora, serve, load, measure, print the report and the budgets."""

import argparse
import contextlib
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

from . import chart, report
from .common import (
    BASE_DIR,
    OUT_DIR,
    VENV_BIN,
    app_environment,
    cpu_busy_fraction,
    log,
    manage,
    random_secret_key,
    run_checked,
    size_label,
)
from .cpu import ForeignLoad
from .database import PostgresServer
from .load import check_exactly_once, run_form_posts, run_wrk, warm_up
from .servers import GunicornServer, http_get

# The pages measured: (key, path). "submit" is the form POST, measured separately.
PAGES = [
    ("home", "/"),
    ("list", "/articles/"),
    ("article", "/articles/ketamine-for-depression/"),
    ("article_es", "/es/articles/ketamine-for-depression/"),
    ("topic", "/articles/topics/conditions/"),
    ("search", "/search/?q=ketamine+depression"),
    ("form", "/consultation/"),
]
# Pages the page cache may hold; the form never is (see kap_site/page_cache.py).
CACHEABLE = ["home", "list", "article", "article_es", "topic", "search"]
CONNECTIONS = (1, 16)
# Form tokens made per POST run: more than any run here can send (each is used once).
TOKENS_PER_POST_RUN = 20000
# Share of the CPU in use by other work, with our servers idle, above which the report warns.
BUSY_WARNING = 0.15
# A run during which other work took more than this share of the machine's CPU is run again,
# once, and the cleaner of the two is kept; at most MAX_RETRIES such reruns in a whole bench.
FOREIGN_RETRY = 0.15
MAX_RETRIES = 16
# Lighthouse runs per page; the report gives each category's median.
LIGHTHOUSE_RUNS = 3
# Pages whose first visit is weighed in Chromium and scored by Lighthouse.
BROWSER_PAGES = ["home", "article", "article_es", "form"]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Serve the site as production does, load it with wrk, and check the performance budgets.",
    )
    parser.add_argument("--quick", action="store_true",
                        help="a fast check: 200 and 2,000 articles, 3 s runs, no Lighthouse")
    parser.add_argument("--sizes", help="article counts, comma-separated (default 1000,10000)")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 5; 3 with --quick)")
    parser.add_argument("--requests", type=int, default=3000, help="consultation requests in each corpus")
    parser.add_argument("--skip-lighthouse", action="store_true", help="do not run Lighthouse")
    parser.add_argument("--skip-browser", action="store_true", help="do not weigh pages in Chromium")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any budget fails")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
                        help="PostgreSQL server to make the bench databases on (default %(default)s)")
    args = parser.parse_args(argv)
    if args.sizes:
        args.sizes = sorted({int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()})
    else:
        args.sizes = [200, 2000] if args.quick else [1000, 10000]
    if any(size < 10 for size in args.sizes):
        parser.error("--sizes: each corpus needs at least 10 articles")
    args.duration = args.duration or (3 if args.quick else 5)
    args.skip_lighthouse = args.skip_lighthouse or args.quick
    return args


class Bench:
    """The run's shared state, and everything that must be undone at the end."""

    def __init__(self, args):
        self.args = args
        self.pg = PostgresServer.from_url(args.postgres)
        self.secret_key = random_secret_key()
        self.work_dir = OUT_DIR / "work"
        self.home = self.work_dir / "home"
        self.media_root = OUT_DIR / "media"
        self.databases = []
        self.servers = []
        # --quick is a fast check: it marks runs on a busy machine but does not repeat them.
        self.retries_left = 0 if args.quick else MAX_RETRIES
        self.results = {
            "meta": {
                "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "argv": sys.argv[1:],
                "sizes": args.sizes,
                "duration_seconds": args.duration,
                "connections": list(CONNECTIONS),
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "gunicorn_workers": int(os.environ.get("GUNICORN_WORKERS") or (os.cpu_count() or 1) * 2 + 1),
                "wrk": wrk_version(),
                "consultation_requests_per_corpus": args.requests,
                "background_cpu": [],
            },
            "pages": PAGES,
            "sizes": {},
            "browser": None,
            "lighthouse": None,
        }

    # Servers and databases, always cleaned up -------------------------------------------------

    @contextlib.contextmanager
    def serving(self, name, app, env):
        server = GunicornServer(name, app, env, self.work_dir)
        self.servers.append(server)
        try:
            yield server.start()
        finally:
            server.stop()
            self.servers.remove(server)

    def cleanup(self):
        for server in list(self.servers):
            with contextlib.suppress(Exception):
                server.stop()
        for name in self.databases:
            self.pg.drop_quietly(name)
        if self.databases:
            log(f"dropped {', '.join(self.databases)}")
        self.databases = []

    # Steps -----------------------------------------------------------------------------------

    def environment(self, database, page_cache=True, extra=None):
        return app_environment(home=self.home, secret_key=self.secret_key, database_url=self.pg.url(database),
                               media_root=self.media_root, page_cache=page_cache, extra=extra)

    def django_task(self, env, *args, timeout=600):
        output = run_checked([str(VENV_BIN / "python"), "-m", "bench.app_tasks", *args], env=env,
                             timeout=timeout, what=f"app_tasks {args[0]}")
        return json.loads(output.strip().splitlines()[-1])

    def collect_static(self):
        """Hashed, compressed static files for WhiteNoise, as `make serve` makes them."""
        log("collectstatic (manifest on)")
        env = app_environment(home=self.home, secret_key=self.secret_key, database_url="sqlite:///:memory:",
                              media_root=self.media_root)
        manage(["collectstatic", "--noinput", "-v0"], env=env, timeout=300)

    def build_corpus(self, count):
        label = size_label(count)
        database = f"kap_bench_{label}"
        self.databases.append(database)
        log(f"{label}: creating database {database}")
        self.pg.recreate_database(database)
        env = self.environment(database)
        started = time.monotonic()
        manage(["migrate", "--noinput", "-v0"], env=env)
        migrated = time.monotonic()
        manage(["load_content"], env=env)
        loaded = time.monotonic()
        log(f"{label}: migrated in {migrated - started:.1f}s, real content loaded in {loaded - migrated:.1f}s; "
            f"generating {count:,} articles and {self.args.requests:,} consultation requests")
        generation = self.django_task(env, "generate", "--articles", str(count), "--requests", str(self.args.requests))
        generation["wall_seconds"] = round(time.monotonic() - loaded, 1)
        generation["migrate_seconds"] = round(migrated - started, 1)
        generation["load_content_seconds"] = round(loaded - migrated, 1)
        log(f"{label}: generated in {generation['wall_seconds']}s ({generation['seconds']})")
        return database, env, generation

    def count_queries(self, database):
        env = self.environment(database, page_cache=False)
        return self.django_task(env, "queries", "--pages", json.dumps(PAGES))

    def note_background_load(self, where):
        """How busy the machine is while our servers sit idle: other work skews every figure."""
        busy = cpu_busy_fraction(1.0)
        self.results["meta"]["background_cpu"].append({"where": where, "busy": busy})
        if busy is not None and busy > BUSY_WARNING:
            log(f"warning: the machine is {busy:.0%} busy with other work before {where}; figures will be low")

    def load_run(self, server, database, url, connections):
        """One wrk run, and again if other work on the machine took much of the CPU meanwhile."""
        attempts = []
        while True:
            workers_before = set(server.worker_pids())
            meter = ForeignLoad(server, database).start()
            result = run_wrk(url, connections, self.args.duration)
            result.foreign_cpu = meter.stop()
            result.workers_replaced = len(workers_before - set(server.worker_pids()))
            server.sample_memory()
            attempts.append(result)
            if (result.foreign_cpu or 0) <= FOREIGN_RETRY or len(attempts) > 1 or self.retries_left <= 0:
                break
            self.retries_left -= 1
            log(f"{server.name}: other work took {result.foreign_cpu:.0%} of the CPU during that run; running it again")
        best = min(attempts, key=lambda attempt: attempt.foreign_cpu or 0)
        best.attempts = len(attempts)
        return best

    def measure_pages(self, server, database, pages):
        """wrk at 1 and 16 connections per page, after a warm-up of every worker."""
        self.note_background_load(server.name)
        for key in pages:
            warm_up(server.base_url + dict(PAGES)[key])
        measured = {}
        for key in pages:
            url = server.base_url + dict(PAGES)[key]
            measured[key] = {}
            for connections in CONNECTIONS:
                result = self.load_run(server, database, url, connections)
                measured[key][str(connections)] = result.as_dict()
                log(f"{server.name}: {key:8} c={connections:<2} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.2f} ms"
                    f"  p99 {result.p99_ms:7.2f} ms  other CPU {result.foreign_cpu or 0:.0%}"
                    + (f"  workers replaced {result.workers_replaced}" if result.workers_replaced else "")
                    + (f"  FAILED {result.errors}" if result.failed else ""))
        return measured

    def measure_form_posts(self, server, database, label):
        """POST the form at 1 and 16 connections; check every 303 was stored exactly once."""
        status, headers, body = http_get(server.base_url + "/consultation/")
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "") or "")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not cookie or not token:
            raise RuntimeError(f"could not read a CSRF cookie and token from GET /consultation/ ({status})")
        csrf = (f"csrftoken={cookie.group(1)}", token.group(1).decode())
        measured, checks = {}, {}
        for connections in CONNECTIONS:
            attempts = []
            while True:
                result, check = self.form_post_run(server, database, label, connections, csrf)
                attempts.append((result, check))
                if (result.foreign_cpu or 0) <= FOREIGN_RETRY or len(attempts) > 1 or self.retries_left <= 0:
                    break
                self.retries_left -= 1
                log(f"{server.name}: other work took {result.foreign_cpu:.0%} of the CPU during that run; "
                    "running it again with fresh tokens")
            result, check = min(attempts, key=lambda attempt: attempt[0].foreign_cpu or 0)
            result.attempts = len(attempts)
            # Every attempt stored rows: each must have stored its answers exactly once.
            check["all_attempts_exactly_once"] = all(other["exactly_once"] for _result, other in attempts)
            check["exactly_once"] = check["exactly_once"] and check["all_attempts_exactly_once"]
            measured[str(connections)] = result.as_dict()
            checks[str(connections)] = check
        return measured, checks

    def form_post_run(self, server, database, label, connections, csrf):
        """One wrk run of form POSTs, each with a token of its own, and the check of what was stored."""
        cookie_header, csrf_token = csrf
        bodies = self.work_dir / f"form-bodies-{label}-{connections}.txt"
        ids = self.work_dir / f"form-tokens-{label}-{connections}.txt"
        self.django_task(self.environment(database), "form-bodies", "--count", str(TOKENS_PER_POST_RUN),
                         "--csrf-token", csrf_token, "--out", str(bodies), "--ids-out", str(ids))
        token_ids = ids.read_text().split()
        last_id = self.pg.last_consultation_id(database)
        workers_before = set(server.worker_pids())
        meter = ForeignLoad(server, database).start()
        result = run_form_posts(server.base_url + "/consultation/", connections, self.args.duration,
                                bodies_path=bodies, cookie_header=cookie_header, work_dir=self.work_dir)
        result.foreign_cpu = meter.stop()
        result.workers_replaced = len(workers_before - set(server.worker_pids()))
        server.sample_memory()
        time.sleep(1.0)  # a request in flight when wrk stopped finishes on the server
        check = check_exactly_once(result, token_ids, self.pg.consultations_after(database, last_id))
        log(f"{server.name}: submit   c={connections:<2} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.2f} ms"
            f"  p99 {result.p99_ms:7.2f} ms  other CPU {result.foreign_cpu or 0:.0%}  303s {check['answers_303']},"
            f" rows {check['rows_stored']}, exactly once: {check['exactly_once']}")
        bodies.unlink(missing_ok=True)
        ids.unlink(missing_ok=True)
        return result, check

    def page_bytes(self, server):
        sizes = {}
        for key, path in PAGES:
            status, _headers, body = http_get(server.base_url + path)
            sizes[key] = {"status": status, "bytes": len(body), "gzip_bytes": len(gzip.compress(body, 6))}
        return sizes

    def browser_and_lighthouse(self, server):
        pages = [(key, server.base_url + dict(PAGES)[key]) for key in BROWSER_PAGES]
        if not self.args.skip_browser:
            log("weighing first visits in Chromium (390x844, device scale 2 and 3)")
            try:
                from .browser import first_visit_weights

                self.results["browser"] = first_visit_weights(pages, device_scale_factors=(2, 3))
            except Exception as error:  # noqa: BLE001 (reported, and the rest of the run goes on)
                self.results["browser"] = {"error": f"{type(error).__name__}: {error}"}
                log(f"browser measurement failed: {error}")
        if self.args.skip_lighthouse:
            self.results["lighthouse"] = {"skipped": "--quick" if self.args.quick else "--skip-lighthouse"}
            return
        from .lighthouse import ensure_installed, run_lighthouse

        ok, version = ensure_installed()
        if not ok:
            log(f"Lighthouse unavailable: {version}")
            self.results["lighthouse"] = {"error": version}
            return
        self.results["lighthouse"] = {"version": version, "pages": {}}
        for key, url in pages:
            runs, errors = [], []
            # Lighthouse's own advice on variability: several runs, and the median. A failed trace
            # ("NO_NAVSTART" and the like) is run again, up to twice.
            while len(runs) < LIGHTHOUSE_RUNS and len(errors) <= 2:
                # Lighthouse times the page's work on this CPU: other work on the machine costs points.
                busy = cpu_busy_fraction(1.0)
                log(f"Lighthouse {version}: {key} (run {len(runs) + 1} of {LIGHTHOUSE_RUNS})")
                run = run_lighthouse(url, self.work_dir / "lighthouse", f"{key}-{len(runs) + len(errors) + 1}")
                run["machine_busy_before"] = busy
                (errors if "error" in run else runs).append(run)
            if not runs:
                self.results["lighthouse"]["pages"][key] = errors[-1]
                continue
            median = {
                category: statistics.median_low([run["scores"][category] for run in runs])
                for category in runs[0]["scores"]
            }
            # The run whose performance score is the median shows which audits cost points.
            shown = next(run for run in runs if run["scores"]["performance"] == median["performance"])
            self.results["lighthouse"]["pages"][key] = {
                **shown, "scores": median, "runs": [run["scores"] for run in runs], "errors": len(errors),
            }

    def bench_size(self, count, weigh_in_browser):
        label = size_label(count)
        database, env, generation = self.build_corpus(count)
        entry = {"articles": count, "database": database, "generation": generation}
        self.results["sizes"][label] = entry
        log(f"{label}: counting SQL queries per page (in-process, page cache off)")
        entry["queries"] = self.count_queries(database)

        with self.serving(f"site-{label}", "kap_site.wsgi:application", env) as site:
            entry["html"] = self.page_bytes(site)
            bad = {key: info["status"] for key, info in entry["html"].items() if info["status"] != 200}
            if bad:
                raise RuntimeError(f"pages did not answer 200: {bad}\n{site.log_tail()}")
            if weigh_in_browser:
                self.browser_and_lighthouse(site)
            entry["cached"] = self.measure_pages(site, database, [key for key, _path in PAGES])
            entry["cached"]["submit"], entry["form_checks"] = self.measure_form_posts(site, database, label)
            entry["memory"] = {"site_peak_worker_kib": site.sample_memory()}

        reference_env = {**env, "BENCH_REFERENCE_BYTES": str(entry["html"]["article"]["bytes"])}
        with self.serving(f"reference-{label}", "bench.reference_app:application",
                          reference_env) as reference:
            self.note_background_load(reference.name)
            warm_up(reference.base_url + "/")
            entry["reference"] = {}
            for connections in CONNECTIONS:
                result = self.load_run(reference, database, reference.base_url + "/", connections)
                entry["reference"][str(connections)] = result.as_dict()
                log(f"{reference.name}: c={connections:<2} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.2f} ms"
                    f"  other CPU {result.foreign_cpu or 0:.0%}")
            entry["memory"]["reference_peak_worker_kib"] = reference.sample_memory()

        with self.serving(f"site-uncached-{label}", "kap_site.wsgi:application",
                          self.environment(database, page_cache=False)) as uncached:
            entry["uncached"] = self.measure_pages(uncached, database, CACHEABLE)
            entry["memory"]["uncached_peak_worker_kib"] = uncached.sample_memory()

        self.pg.drop_quietly(database)
        self.databases.remove(database)
        log(f"{label}: done, database dropped")

    def run(self):
        for tool in ("wrk",):
            if not shutil.which(tool):
                raise RuntimeError(f"{tool} is not installed (apt-get install {tool})")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        self.media_root.mkdir(parents=True, exist_ok=True)
        self.collect_static()
        largest = max(self.args.sizes)
        for count in self.args.sizes:
            self.bench_size(count, weigh_in_browser=(count == largest))


def wrk_version():
    try:
        output = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10, check=False)  # noqa: S607
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (output.stdout or output.stderr).splitlines()[0].strip() if (output.stdout or output.stderr) else None


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Ctrl+C and SIGTERM both end the run through the cleanup below, even when the shell that
    # started us in the background set SIGINT to be ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    bench = Bench(args)
    interrupted = False
    started = time.monotonic()
    log(f"sizes {args.sizes}, {args.duration}s per run, connections {list(CONNECTIONS)}, "
        f"Lighthouse {'off' if args.skip_lighthouse else 'on'}; working in {OUT_DIR.relative_to(BASE_DIR)}")
    try:
        bench.run()
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted: stopping servers and dropping the bench databases")
    finally:
        bench.cleanup()
    if interrupted:
        return 130
    bench.results["meta"]["total_seconds"] = round(time.monotonic() - started, 1)
    bench.results["budgets"] = report.evaluate_budgets(bench.results)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "results.json").write_text(json.dumps(bench.results, indent=2, default=str) + "\n")
    chart_path = OUT_DIR / "results.png"
    try:
        chart.draw(bench.results, chart_path)
    except Exception as error:  # noqa: BLE001 (the chart is a convenience; the report stands without it)
        log(f"chart not drawn: {type(error).__name__}: {error}")
        chart_path = None
    print(report.render(bench.results, chart_path=chart_path))
    failed = [budget for budget in bench.results["budgets"] if budget["status"] == "FAIL"]
    return 1 if (args.strict and failed) else 0
