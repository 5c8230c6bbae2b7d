"""The staff roles: their names and what each may do. Migrations, tests and code import the
names from here; a data migration calls `sync_roles` when the permissions change."""

TRIAGE_STAFF = "Triage staff"
PRACTICE_ADMINS = "Practice admins"
# Approves articles and pages before the public sees them (never their own edit).
CLINICAL_REVIEWER = "Clinical reviewer"
# Writes and edits articles and pages, sends them for clinical review, publishes approved ones.
CONTENT_EDITOR = "Content editor"

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
    # Staff sign-in: invite and manage colleagues, reset a second factor, clear sign-in pauses.
    ("staff", "view_staffmember"),
    ("staff", "add_staffmember"),
    ("staff", "change_staffmember"),
    ("staff", "reset_second_factor"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("practice", "view_practiceprofile"),
    ("practice", "change_practiceprofile"),
    ("practice", "view_location"),
    ("practice", "add_location"),
    ("practice", "change_location"),
    ("practice", "delete_location"),
    ("practice", "view_treatment"),
    ("practice", "add_treatment"),
    ("practice", "change_treatment"),
    ("practice", "delete_treatment"),
    ("practice", "view_clinician"),
    ("practice", "add_clinician"),
    ("practice", "change_clinician"),
    ("consultations", "add_replytemplate"),
    ("consultations", "change_replytemplate"),
]
CONTENT_EDITOR_PERMISSIONS = [
    ("articles", "view_article"),
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_page"),
    ("articles", "add_page"),
    ("articles", "change_page"),
    ("articles", "view_topic"),
    ("articles", "add_topic"),
    ("articles", "change_topic"),
    ("articles", "view_reference"),
    ("articles", "add_reference"),
    ("articles", "change_reference"),
    ("articles", "delete_reference"),
    ("practice", "view_practiceprofile"),
    ("practice", "view_clinician"),
]
# Approving is the role itself (articles/workflow.py checks membership), not a permission a
# superuser would hold by default.
CLINICAL_REVIEWER_PERMISSIONS = CONTENT_EDITOR_PERMISSIONS
ROLE_PERMISSIONS = {
    TRIAGE_STAFF: TRIAGE_PERMISSIONS,
    PRACTICE_ADMINS: ADMIN_PERMISSIONS,
    CLINICAL_REVIEWER: CLINICAL_REVIEWER_PERMISSIONS,
    CONTENT_EDITOR: CONTENT_EDITOR_PERMISSIONS,
}


def sync_roles(apps, schema_editor=None):
    """Create the roles and give each exactly its permissions (for RunPython)."""
    from django.contrib.auth.management import create_permissions
    from django.db.models import Q

    # Permissions are normally made after all migrations; the roles need them now.
    for label in {label for permissions in ROLE_PERMISSIONS.values() for label, _codename in permissions}:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue  # an app whose models a later migration adds; that migration syncs again
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
