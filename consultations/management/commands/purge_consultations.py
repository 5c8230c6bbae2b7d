from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from consultations.models import (
    AccessLogEntry,
    ConsultationNote,
    ConsultationRequest,
    ContactAttempt,
    PriorityChange,
    StatusChange,
)


class Command(BaseCommand):
    help = (
        "Remove personal data that the practice no longer needs: requests closed longer ago than "
        "CONSULTATION_RETENTION_DAYS, suspected spam older than CONSULTATION_SPAM_RETENTION_DAYS, and "
        "requests never closed, older than CONSULTATION_OPEN_RETENTION_DAYS (closed as 'No response' "
        "first). Notes go with them. The reference, dates, status and outcome stay for the practice's "
        "records. The worker runs this once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be purged; change nothing.")
        parser.add_argument("--days", type=int, default=None,
                            help="Override the retention period of closed requests, in days.")

    def handle(self, *args, dry_run=False, days=None, **options):
        retention = settings.CONSULTATION_RETENTION_DAYS if days is None else days
        groups = [
            (f"closed request(s) older than {retention} days",
             ConsultationRequest.objects.due_for_purge(days=retention)),
            (f"suspected spam older than {settings.CONSULTATION_SPAM_RETENTION_DAYS} days",
             ConsultationRequest.objects.spam_due_for_purge()),
            (f"never closed, older than {settings.CONSULTATION_OPEN_RETENTION_DAYS} days",
             ConsultationRequest.objects.abandoned_due_for_purge()),
        ]
        if dry_run:
            for label, due in groups:
                references = list(due.values_list("reference", flat=True))
                self.stdout.write(f"Dry run: {len(references)} {label} would be purged: "
                                  f"{', '.join(references) or 'none'}.")
            return
        reports = []
        for label, due in groups:
            purged, notes = self.purge(due)
            reports.append(f"{purged} {label} ({notes} note(s) removed)")
        self.stdout.write("Purged personal data: " + "; ".join(reports) + ".")

    def purge(self, due):
        now = timezone.now()
        with transaction.atomic():
            requests = list(due.select_for_update())
            ids = [request.pk for request in requests]
            # A request never closed is closed first, so the inbox and the records stay true.
            for request in requests:
                if request.status != ConsultationRequest.Status.CLOSED:
                    StatusChange.objects.create(request=request, from_status=request.status, to_status="closed",
                                                outcome=ConsultationRequest.Outcome.NO_RESPONSE)
            ConsultationRequest.objects.filter(pk__in=ids).exclude(status="closed").update(
                status="closed", outcome=ConsultationRequest.Outcome.NO_RESPONSE, outcome_reason="", closed_at=now)
            notes, _ = ConsultationNote.objects.filter(request_id__in=ids).delete()
            ContactAttempt.objects.filter(request_id__in=ids).delete()
            AccessLogEntry.objects.filter(request_id__in=ids).update(detail="")
            # Staff's reasons for a priority change can describe the person's health.
            PriorityChange.objects.filter(request_id__in=ids).update(reason="")
            purged = ConsultationRequest.objects.filter(pk__in=ids).update(
                **ConsultationRequest.purged_values(), purged_at=now
            )
        return purged, notes
