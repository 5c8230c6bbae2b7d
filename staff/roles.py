"""The staff roles: their names and what each may do. Migrations, tests and code import the
names from here; a data migration calls `sync_roles` when the permissions change."""

TRIAGE_STAFF = "Triage staff"
PRACTICE_ADMINS = "Practice admins"

# (app label, permission codename)
TRIAGE_PERMISSIONS = [
    ("consultations", "view_consultationrequest"),
    ("consultations", "change_consultationrequest"),
    ("consultations", "view_consultationnote"),
    ("consultations", "add_consultationnote"),
    ("consultations", "view_statuschange"),
    ("consultations", "view_notice"),
    ("consultations", "view_prioritychange"),
    ("consultations", "view_contactattempt"),
    ("consultations", "add_contactattempt"),
    ("consultations", "view_replytemplate"),
]
ADMIN_PERMISSIONS = TRIAGE_PERMISSIONS + [
    ("consultations", "delete_consultationrequest"),
    ("consultations", "export_consultationrequest"),
    ("consultations", "view_accesslogentry"),
    ("consultations", "add_replytemplate"),
    ("consultations", "change_replytemplate"),
]
ROLE_PERMISSIONS = {TRIAGE_STAFF: TRIAGE_PERMISSIONS, PRACTICE_ADMINS: ADMIN_PERMISSIONS}


def sync_roles(apps, schema_editor=None):
    """Create the roles and give each exactly its permissions (for RunPython)."""
    from django.contrib.auth.management import create_permissions
    from django.db.models import Q

    # Permissions are normally made after all migrations; the roles need them now.
    for label in {label for permissions in ROLE_PERMISSIONS.values() for label, _codename in permissions}:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for label, codename in permissions:
            wanted |= Q(content_type__app_label=label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
