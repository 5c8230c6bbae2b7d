from django.contrib.auth.models import User, UserManager
from django_otp import devices_for_user

from .roles import ROLE_PERMISSIONS


class StaffMemberManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(is_staff=True)


class StaffMember(User):
    """A staff login as practice admins manage it: invited by email, given one role,
    deactivated when they leave (staff/admin.py). The same row as Django's user."""

    objects = StaffMemberManager()

    class Meta:
        proxy = True
        verbose_name = "staff member"
        ordering = ["-is_active", "username"]
        permissions = [("reset_second_factor", "Can reset a colleague's second factor")]

    @property
    def role(self):
        return next((g.name for g in self.groups.all() if g.name in ROLE_PERMISSIONS), "")

    def second_factor_names(self):
        """What this person can sign in with, besides the password, for the admin's list."""
        names = {"TOTPDevice": "authenticator app", "StaticDevice": "backup codes",
                 "WebAuthnCredential": "passkey"}
        found = sorted({names.get(type(d).__name__, "other") for d in devices_for_user(self, confirmed=True)})
        return ", ".join(found) or "none yet"
