"""How much of the machine's CPU went to work that was not ours during a load run.

These machines are shared: another session's test suite can take half the CPU in the middle of
a run. This compares the machine's busy time (/proc/stat) with the CPU time of everything the
run itself uses: the gunicorn master and workers (workers recycled during the run are counted
through the master's reaped-children time), wrk (our reaped child), and the PostgreSQL backends
serving the bench database with their parallel workers, plus PostgreSQL's own background writers.
The rest is foreign load.
"""

import os
import resource
from pathlib import Path

POSTGRES_AUXILIARY = ("checkpointer", "background writer", "walwriter", "autovacuum", "logical replication",
                      "stats collector", "archiver")


def machine_ticks():
    """(all CPU ticks, busy ticks) summed over CPUs since boot."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values), sum(values) - idle


def process_ticks(pid):
    """(own user+system ticks, reaped children's ticks) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "pid (comm) "
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def parent_pid(pid):
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(text[text.rindex(")") + 2:].split()[1])


def postgres_processes(database):
    """(postmaster PID, PIDs of the PostgreSQL processes doing our work): the backends connected to
    `database`, their parallel workers, and the cluster's background writers."""
    commands = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if command.startswith("postgres:"):
                commands[int(entry.name)] = command
    backends = [pid for pid, command in commands.items() if f" {database} " in command]
    if not backends:
        return None, []
    postmaster = parent_pid(backends[0])
    ours = set(backends)
    for pid, command in commands.items():
        if parent_pid(pid) == postmaster and (
            any(name in command for name in POSTGRES_AUXILIARY)
            or any(f"parallel worker for PID {backend}" in command for backend in backends)
        ):
            ours.add(pid)
    return postmaster, sorted(ours)


def children_ticks():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round((usage.ru_utime + usage.ru_stime) * os.sysconf("SC_CLK_TCK"))


class ForeignLoad:
    """Start before a run, stop after it: `share` is the foreign part of all CPU time in between."""

    def __init__(self, server, database):
        self.server = server
        self.database = database

    def _snapshot(self):
        master = self.server.process.pid
        workers = {pid: process_ticks(pid) for pid in self.server.worker_pids()}
        postmaster, postgres_pids = postgres_processes(self.database)
        postgres = {pid: process_ticks(pid) for pid in postgres_pids}
        return {
            "machine": machine_ticks(),
            "master": process_ticks(master),
            "workers": {pid: ticks[0] for pid, ticks in workers.items() if ticks},
            "postmaster": (postmaster, process_ticks(postmaster) if postmaster else None),
            "postgres": {pid: ticks[0] for pid, ticks in postgres.items() if ticks},
            "children": children_ticks(),
        }

    def stop(self):
        after, before = self._snapshot(), self.before
        total = after["machine"][0] - before["machine"][0]
        busy = after["machine"][1] - before["machine"][1]
        ours = after["children"] - before["children"]  # wrk
        for kind in ("workers", "postgres"):
            for pid, ticks in after[kind].items():
                ours += max(0, ticks - before[kind].get(pid, 0))
        if after["master"] and before["master"]:
            ours += after["master"][0] - before["master"][0]
            # Workers recycled during the run: the master reaped them, with their whole lifetime's
            # time; the part they had used before the run started is not the run's.
            reaped = after["master"][1] - before["master"][1]
            gone = sum(ticks for pid, ticks in before["workers"].items() if pid not in after["workers"])
            ours += max(0, reaped - gone)
        postmaster, postmaster_after = after["postmaster"]
        postmaster_before_pid, postmaster_before = before["postmaster"]
        if postmaster and postmaster == postmaster_before_pid and postmaster_after and postmaster_before:
            # PostgreSQL processes that ended during the run: mostly parallel workers of our queries,
            # too short-lived to be seen above. Those of other databases are counted as ours too, so
            # other work can come out a little low, never high.
            reaped = postmaster_after[1] - postmaster_before[1]
            gone = sum(ticks for pid, ticks in before["postgres"].items() if pid not in after["postgres"])
            ours += max(0, reaped - gone)
        self.share = round(max(0, busy - ours) / total, 3) if total > 0 else None
        return self.share

    def start(self):
        self.before = self._snapshot()
        return self
