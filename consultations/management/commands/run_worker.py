"""The background worker: runs queued jobs (django-tasks' database worker) and, every minute,
repairs what a stopped worker left behind (`notices.recover_notices`); once a day it removes
personal data past its retention period (`purge_consultations`).

Why not `manage.py db_worker` alone: that worker leaves a job it was running when it stopped
marked as running forever, and exits on the first database error. Here the library's worker
runs the jobs, a database outage is waited out, and the repair keeps every notice going.
"""

import logging
import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from articles.digest import queue_weekly_digest
from consultations.notices import recover_notices

logger = logging.getLogger(__name__)
JOBS_BETWEEN_REPAIRS = 100
# Finished jobs (which hold only a notice's id) are kept a week for troubleshooting.
PRUNE_EVERY_SECONDS = 3600
# Personal data past its retention period (purge_consultations) is removed once a day.
PURGE_EVERY_SECONDS = 24 * 3600
KEEP_FINISHED_JOBS_DAYS = 7
DATABASE_RETRY_SECONDS = 5


class Command(BaseCommand):
    help = "Run queued background jobs (emails about requests) until stopped with Ctrl+C or SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds to wait for new jobs when the queue is empty (default 1).")
        parser.add_argument("--repair-every", type=float, default=60.0,
                            help="Seconds between repairs of notices a stopped worker left (default 60).")
        parser.add_argument("--batch", action="store_true",
                            help="Repair, run every job that is due, then stop (for tests and cron).")

    def handle(self, *args, interval, repair_every, batch, **options):
        worker_id = get_random_string(32)
        last_repair = last_prune = last_purge = float("-inf")
        if not batch:
            self.stdout.write(f"Worker {worker_id[:8]} running queued jobs. Stop with Ctrl+C.")
        while True:
            try:
                if time.monotonic() - last_repair >= repair_every:
                    requeued, interrupted = recover_notices()
                    # The clinical reviewers' weekly digest (queued once a week).
                    queue_weekly_digest()
                    last_repair = time.monotonic()
                    if requeued or interrupted:
                        logger.warning("Repaired notices: %d queued again, %d interrupted", requeued, interrupted)
                if time.monotonic() - last_prune >= PRUNE_EVERY_SECONDS:
                    call_command("prune_db_task_results", min_age_days=KEEP_FINISHED_JOBS_DAYS, verbosity=0)
                    last_prune = time.monotonic()
                if not batch and time.monotonic() - last_purge >= PURGE_EVERY_SECONDS:
                    call_command("purge_consultations", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
                    last_purge = time.monotonic()
                worker = Worker(
                    queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None if batch else JOBS_BETWEEN_REPAIRS, worker_id=worker_id,
                    excluded_queue_names=[],
                )
                if not batch:
                    # Ctrl+C or SIGTERM: finish the job in hand, then stop (a second one stops at once).
                    worker.configure_signals()
                worker.run()
                if batch or not worker.running:
                    return
            # InterfaceError: a connection PostgreSQL closed while restarting ("connection already closed").
            except (DatabaseError, InterfaceError) as error:
                if batch:
                    raise
                logger.warning("Database unavailable (%s); the worker waits and tries again", type(error).__name__)
                connections.close_all()
                time.sleep(DATABASE_RETRY_SECONDS)
                continue
            time.sleep(interval)
