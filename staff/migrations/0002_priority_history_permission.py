"""Both roles may read a request's priority history (see staff/roles.py)."""

from django.db import migrations

from staff.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_roles"),
        ("consultations", "0004_crisis_question_reason_and_priority_history"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
