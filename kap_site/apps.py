from django.contrib.admin.apps import AdminConfig


class SecureAdminConfig(AdminConfig):
    """The Django admin, on our admin site: two-factor login and a login lockout."""

    default_site = "kap_site.admin_site.SecureAdminSite"
