"""Load from a second process with wrk, bounded in time, on 127.0.0.1 only."""

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .common import PACKAGE_DIR

WRK = shutil.which("wrk") or "/usr/bin/wrk"
REPORT_LUA = PACKAGE_DIR / "lua" / "report.lua"
POST_LUA = PACKAGE_DIR / "lua" / "post.lua"
# A slow answer is still an answer: measured, not dropped as a timeout (wrk's default is 2 s).
REQUEST_TIMEOUT_SECONDS = 10


@dataclass
class LoadResult:
    url: str
    connections: int
    threads: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict
    thread_stats: list = field(default_factory=list)
    # Share of all CPU time during the run taken by work that was not ours (see cpu.py).
    foreign_cpu: float | None = None
    attempts: int = 1
    # Workers that gunicorn replaced during the run (max_requests recycling, or a crash).
    workers_replaced: int = 0

    @property
    def failed(self):
        """Requests that got no answer, or an answer other than 2xx/3xx."""
        return sum(self.errors.values())

    def as_dict(self):
        data = asdict(self)
        data.pop("thread_stats")
        return data


def run_wrk(url, connections, duration, *, threads=None, script=REPORT_LUA, script_args=()):
    threads = threads or min(2, connections)
    command = [
        WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", f"{REQUEST_TIMEOUT_SECONDS}s",
        "-s", str(script), url,
    ]
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(  # noqa: S603 (fixed command, loopback URL)
        command, capture_output=True, text=True, timeout=duration + 60, check=False,
    )
    report = next((line[len("WRK_JSON "):] for line in result.stdout.splitlines() if line.startswith("WRK_JSON ")),
                  None)
    if result.returncode != 0 or report is None:
        raise RuntimeError(f"wrk failed ({result.returncode}) on {url}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(report)
    seconds = data["duration_us"] / 1e6
    return LoadResult(
        url=url, connections=connections, threads=threads, requests=data["requests"], seconds=round(seconds, 2),
        rps=round(data["requests"] / seconds, 1) if seconds else 0.0,
        p50_ms=data["p50_us"] / 1000, p90_ms=data["p90_us"] / 1000, p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000, errors=data["errors"], thread_stats=data["threads"],
    )


def warm_up(url, seconds=1):
    """Every worker loads its templates and fills its page cache before anything is measured."""
    run_wrk(url, 16, seconds)


def post_script(work_dir):
    """post.lua followed by report.lua, as one script file for wrk."""
    path = Path(work_dir) / "post-with-report.lua"
    path.write_text(POST_LUA.read_text() + "\n" + REPORT_LUA.read_text())
    return path


def run_form_posts(url, connections, duration, *, bodies_path, cookie_header, work_dir):
    """POST the form from `connections` threads of one connection each (see lua/post.lua)."""
    return run_wrk(
        url, connections, duration, threads=connections, script=post_script(work_dir),
        script_args=[str(bodies_path), str(connections), cookie_header],
    )


def answered_tokens(result, token_ids):
    """Which tokens got a 303, which got something else, and which were in flight at the stop.

    Thread k sent tokens k, k+N, k+2N, ... in order over a single connection, so its answers
    belong, in order, to the first tokens it sent.
    """
    see_other, other, in_flight, sent = [], [], [], []
    count = len(result.thread_stats)
    for stats in result.thread_stats:
        mine = token_ids[stats["id"]::count]
        not_303 = {int(item.split(":")[0]) for item in stats["others"].split(",") if item}
        sent_count = max(0, min(stats["sent"], len(mine)))
        sent += mine[:sent_count]
        for answer_number, token in enumerate(mine[: stats["answered"]], start=1):
            (other if answer_number in not_303 else see_other).append(token)
        in_flight += mine[stats["answered"]:sent_count]
    return {"see_other": see_other, "other": other, "in_flight": in_flight, "sent": sent,
            "reused": sum(stats["reused"] for stats in result.thread_stats)}


def check_exactly_once(result, token_ids, stored_rows):
    """Compare wrk's answers with the rows the run added. `stored_rows` is (token hex, spam)."""
    tokens = answered_tokens(result, token_ids)
    stored = [token for token, _spam in stored_rows]
    stored_set = set(stored)
    sent_set = set(tokens["sent"])
    missing = [token for token in tokens["see_other"] if token not in stored_set]
    stored_in_flight = sum(1 for token in tokens["in_flight"] if token in stored_set)
    check = {
        "answers_303": len(tokens["see_other"]),
        "answers_other": len(tokens["other"]),
        "rows_stored": len(stored),
        "rows_duplicated": len(stored) - len(stored_set),
        "answered_303_but_missing": len(missing),
        "rows_for_tokens_never_sent": len(stored_set - sent_set),
        "in_flight_at_stop": len(tokens["in_flight"]),
        "in_flight_stored": stored_in_flight,
        "tokens_reused": tokens["reused"],
        "suspected_spam": sum(1 for _token, spam in stored_rows if spam),
        "wrk_errors": result.errors,
    }
    check["rows_equal_303_answers"] = len(stored) == len(tokens["see_other"]) + stored_in_flight
    check["exactly_once"] = (
        check["rows_equal_303_answers"] and not missing and check["rows_duplicated"] == 0
        and check["rows_for_tokens_never_sent"] == 0 and check["answers_other"] == 0
        and check["tokens_reused"] == 0 and check["suspected_spam"] == 0 and result.failed == 0
    )
    return check
