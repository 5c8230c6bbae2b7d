"""The "Clinical reviewer" and "Content editor" roles (see staff/roles.py), and every role's
permissions synced once more after all the apps whose permissions the roles use."""

from django.db import migrations

from staff.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0004_staff_management_roles"),
        ("articles", "0007_start_here_position"),
        ("practice", "0002_sample_profile"),
        ("consultations", "0007_over_rate_limit_flag"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
