"""The shared cache table (rate limits) and the two staff roles."""

from django.contrib.auth.management import create_permissions
from django.core.management import call_command
from django.db import migrations

TRIAGE_STAFF = "Triage staff"
PRACTICE_ADMINS = "Practice admins"
TRIAGE_PERMISSIONS = [
    "view_consultationrequest",
    "change_consultationrequest",
    "view_consultationnote",
    "add_consultationnote",
    "view_statuschange",
]
ADMIN_PERMISSIONS = TRIAGE_PERMISSIONS + [
    "delete_consultationrequest",
    "export_consultationrequest",
    "view_accesslogentry",
]


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; roles need them now.
    app_config = apps.get_app_config("consultations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(TRIAGE_STAFF, TRIAGE_PERMISSIONS), (PRACTICE_ADMINS, ADMIN_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="consultations", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[TRIAGE_STAFF, PRACTICE_ADMINS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(create_roles, remove_roles),
    ]
