from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from consultations.models import AccessLogEntry, ConsultationNote, ConsultationRequest, PriorityChange


class Command(BaseCommand):
    help = (
        "Remove personal data from consultation requests closed longer ago than "
        "CONSULTATION_RETENTION_DAYS, with their notes and access-log details. The reference, "
        "dates, status and outcome stay for the practice's records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be purged; change nothing.")
        parser.add_argument("--days", type=int, default=None, help="Override the retention period in days.")

    def handle(self, *args, dry_run=False, days=None, **options):
        retention = settings.CONSULTATION_RETENTION_DAYS if days is None else days
        due = ConsultationRequest.objects.due_for_purge(days=retention)
        references = list(due.values_list("reference", flat=True))
        if dry_run:
            self.stdout.write(f"Dry run: {len(references)} closed request(s) older than {retention} days would be "
                              f"purged: {', '.join(references) or 'none'}.")
            return
        with transaction.atomic():
            ids = list(due.select_for_update().values_list("pk", flat=True))
            notes, _ = ConsultationNote.objects.filter(request_id__in=ids).delete()
            AccessLogEntry.objects.filter(request_id__in=ids).update(detail="")
            # Staff's reasons for a priority change can describe the person's health.
            PriorityChange.objects.filter(request_id__in=ids).update(reason="")
            purged = ConsultationRequest.objects.filter(pk__in=ids).update(
                **ConsultationRequest.purged_values(), purged_at=timezone.now()
            )
        self.stdout.write(f"Purged personal data from {purged} request(s) and removed {notes} note(s).")
