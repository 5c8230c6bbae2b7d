from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StaffConfig(AppConfig):
    """Staff sign-in: the admin site with two-factor login and lockout, the roles, enrolment."""

    default = True
    name = "staff"
    verbose_name = "Staff sign-in"

    def ready(self):
        from . import middleware  # noqa: F401 - connects the sign-in time signal


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, on our admin site (see staff/admin_site.py)."""

    default = False
    default_site = "staff.admin_site.SecureAdminSite"


class SignInPausesConfig(AxesAppConfig):
    """django-axes, named in the admin for what practice admins use it for."""

    default = False
    verbose_name = "Sign-in pauses"
