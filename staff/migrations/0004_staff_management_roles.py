"""Practice admins may manage staff, reset a colleague's second factor and clear sign-in
pauses (see staff/roles.py)."""

from django.db import migrations

from staff.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0003_staff_member"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
