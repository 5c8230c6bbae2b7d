"""Once made the shared cache table and the staff roles. The cache table is now made by
kap_site.counters (0002) and the roles by staff (see staff/roles.py); this step is kept so that
sites that ran it keep a consistent history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
