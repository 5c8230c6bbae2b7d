"""The "Clinical reviewer" and "Content editor" roles (see staff/roles.py)."""

from django.db import migrations

from staff.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0004_staff_management_roles"),
        ("articles", "0005_review_digest"),
        ("practice", "0002_sample_profile"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
