"""The reliability proofs and their report.

Each test says what it tried and what held (and its figures) through the `record_result`
fixture; at the end of the run a "Reliability report" section lists every check as HELD,
FAILED or SKIPPED. `make reliability` runs only these tests; the same report appears at the
end of `make test`.
"""

import os
import secrets
import time

import pytest
from django.db import connection

from .harness import postgres_bin_dir

_RESULTS = pytest.StashKey[dict]()
_CONFIG = {}


def pytest_configure(config):
    _CONFIG["config"] = config


def _results(config):
    if _RESULTS not in config.stash:
        config.stash[_RESULTS] = {}
    return config.stash[_RESULTS]


def _entry(config, item_or_report):
    nodeid = item_or_report.nodeid
    results = _results(config)
    if nodeid not in results:
        results[nodeid] = {"name": nodeid.removeprefix("tests/reliability/"), "tried": "", "held": "", "figures": {},
                           "outcome": "not run", "reason": "", "seconds": 0.0}
    return results[nodeid]


@pytest.fixture
def record_result(request):
    """record_result(tried=..., held=..., figures={...}); may be called again to add figures."""
    entry = _entry(request.config, request.node)

    def record(tried=None, held=None, figures=None):
        if tried is not None:
            entry["tried"] = tried
        if held is not None:
            entry["held"] = held
        if figures:
            entry["figures"].update(figures)

    return record


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    entry = _entry(item.config, item)
    entry["started"] = time.perf_counter()
    doc = getattr(getattr(item, "function", None), "__doc__", None)
    if not entry["tried"] and doc:
        entry["tried"] = " ".join(doc.strip().split("\n\n")[0].split())


def _reason(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        text = crash.message
    elif isinstance(report.longrepr, tuple):  # a skip: (file, line, reason)
        text = report.longrepr[2]
    else:
        text = str(report.longrepr or "")
    noise = (" object at 0x", "record_result=")  # Hypothesis lists the fixtures: not informative
    lines = [line.strip() for line in text.strip().splitlines()
             if line.strip() and not line.strip().startswith("#") and not any(part in line for part in noise)]
    return " | ".join(lines[:6])[:600]


def pytest_runtest_logreport(report):
    config = _CONFIG.get("config")
    if config is None:
        return
    entry = _entry(config, report)
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        entry["outcome"] = {"passed": "HELD", "failed": "FAILED", "skipped": "SKIPPED"}[report.outcome]
        if report.outcome != "passed":
            entry["reason"] = _reason(report)
    elif report.when == "teardown" and report.outcome == "failed" and entry["outcome"] == "HELD":
        entry["outcome"] = "FAILED"
        entry["reason"] = "teardown: " + _reason(report)
    if report.when == "teardown" and "started" in entry:
        entry["seconds"] = time.perf_counter() - entry.pop("started")


def _format_figures(figures):
    parts = []
    for key, value in figures.items():
        if isinstance(value, float):
            value = f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
        parts.append(f"{key}={value}")
    return ", ".join(parts)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    results = _results(config)
    if not results:
        return
    terminalreporter.section("Reliability report")
    counts = {}
    for entry in results.values():
        outcome = entry["outcome"]
        counts[outcome] = counts.get(outcome, 0) + 1
        markup = {"HELD": {"green": True}, "FAILED": {"red": True, "bold": True}}.get(outcome, {"yellow": True})
        terminalreporter.write(f"{outcome:<7} ", **markup)
        terminalreporter.write_line(f"{entry['name']} ({entry['seconds']:.1f}s)")
        if entry["tried"]:
            terminalreporter.write_line(f"        tried: {entry['tried']}")
        if outcome == "HELD" and entry["held"]:
            terminalreporter.write_line(f"        held:  {entry['held']}")
        if entry["figures"]:
            terminalreporter.write_line(f"        figures: {_format_figures(entry['figures'])}")
        if entry["reason"]:
            label = "why" if outcome == "FAILED" else "reason"
            terminalreporter.write_line(f"        {label}: {entry['reason']}")
    summary = ", ".join(f"{count} {outcome.lower()}" for outcome, count in sorted(counts.items()))
    terminalreporter.write_line(f"Reliability checks: {summary}.")


# Shared fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_binaries():
    """initdb and pg_ctl for a disposable cluster; required (not skipped) when CI demands PostgreSQL."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin"
        if os.environ.get("KAP_REQUIRE_POSTGRESQL"):
            pytest.fail(message)
        pytest.skip(message)
    return bin_dir


@pytest.fixture(scope="session")
def main_postgresql():
    """The PostgreSQL server the suite runs on (for dedicated databases)."""
    from .harness import main_postgres_server

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    return main_postgres_server()


@pytest.fixture(scope="session")
def migrated_template(main_postgresql):
    """A database on the main server, migrated once per run; each load test gets a copy."""
    from .harness import migrate

    name = f"kap_reltpl_{secrets.token_hex(4)}"
    main_postgresql.create_database(name)
    try:
        migrate(main_postgresql.url(name))
        yield name
    finally:
        main_postgresql.drop_quietly(name)


@pytest.fixture
def load_database(main_postgresql, migrated_template):
    """A dedicated, freshly migrated database (kap_load_<random>), dropped afterwards."""
    name = f"kap_load_{secrets.token_hex(4)}"
    main_postgresql.create_database(name, template=migrated_template)
    try:
        yield name
    finally:
        main_postgresql.drop_quietly(name)


@pytest.fixture
def gunicorn_on_load_database(main_postgresql, load_database):
    """Start gunicorn on the dedicated database: call with the number of workers."""
    from .harness import GunicornServer

    servers = []

    def start(workers):
        server = GunicornServer(main_postgresql.url(load_database), workers=workers)
        servers.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in servers:
            server.cleanup()
