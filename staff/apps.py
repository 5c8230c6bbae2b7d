from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPConfig
from django_otp_webauthn.apps import OtpWebauthnConfig as OTPWebAuthnConfig


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


class AuthenticatorAppsConfig(OTPTOTPConfig):
    """django-otp's authenticator-app devices, named in the admin in staff's words."""

    default = False
    verbose_name = "Second factor: authenticator apps"


class BackupCodesConfig(OTPStaticConfig):
    default = False
    verbose_name = "Second factor: backup codes"


class PasskeysConfig(OTPWebAuthnConfig):
    default = False
    verbose_name = "Second factor: passkeys"
