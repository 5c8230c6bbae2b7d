from django.db import migrations, models


def fix_rows_for_the_new_rules(apps, schema_editor):
    """Existing rows first: an outcome left on an open request is cleared (the status history
    keeps it), closed_at matches the status, and every request gets its first-contact due time."""
    from django.utils import timezone

    from consultations.models import first_contact_due

    Request = apps.get_model("consultations", "ConsultationRequest")
    Request.objects.exclude(status="closed").exclude(outcome="").update(outcome="", outcome_reason="")
    Request.objects.exclude(status="closed").exclude(closed_at=None).update(closed_at=None)
    for request in Request.objects.filter(status="closed", closed_at=None).only("pk", "updated_at"):
        Request.objects.filter(pk=request.pk).update(closed_at=request.updated_at or timezone.now())
    for request in Request.objects.filter(first_contact_due_at=None).only("pk", "received_at", "priority"):
        Request.objects.filter(pk=request.pk).update(
            first_contact_due_at=first_contact_due(request.received_at, request.priority))


class Migration(migrations.Migration):
    """The triage rules as database constraints, after the rows that break them are fixed."""

    dependencies = [
        ("consultations", "0005_triage_rules_contact_log_templates"),
    ]

    operations = [
        migrations.RunPython(fix_rows_for_the_new_rules, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='consultationrequest',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['became_client', 'not_a_fit', 'no_response', 'referred_elsewhere', 'spam', 'duplicate', ''])), name='consult_valid_outcome'),
        ),
        migrations.AddConstraint(
            model_name='consultationrequest',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'closed'), ('outcome', ''), _connector='OR'), name='consult_outcome_only_closed'),
        ),
        migrations.AddConstraint(
            model_name='consultationrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('closed_at__isnull', False), ('status', 'closed')), models.Q(models.Q(('status', 'closed'), _negated=True), ('closed_at__isnull', True)), _connector='OR'), name='consult_closed_at_matches_status'),
        ),
        migrations.AddConstraint(
            model_name='consultationrequest',
            constraint=models.CheckConstraint(condition=models.Q(('duplicate_of', models.F('pk')), _negated=True), name='consult_not_duplicate_of_itself'),
        ),
    ]
