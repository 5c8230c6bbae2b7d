"""Passkeys (WebAuthn, through django-otp-webauthn) as a second factor for staff.

A passkey is registered from the staff member's own security page. On the sign-in page the
passkey is checked first (the browser asks for the person's fingerprint, face or device PIN);
the check is kept in the session for a few minutes and the password form completes the
sign-in (staff/signin.py). So a passkey never signs anyone in on its own, and the page never
says whether a password is right.
"""

import time

from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)
from webauthn.helpers.structs import ResidentKeyRequirement

from .accounts import log_own_change
from .signin import PASSKEY_SESSION_KEY


class StaffPasskeyHelper(WebAuthnHelper):
    """Discoverable passkeys only: the sign-in page asks for a passkey before it knows who is
    signing in, and must not list anyone's credentials to a stranger."""

    def get_discoverable_credentials_preference(self):
        return ResidentKeyRequirement.REQUIRED

    def get_credential_display_name(self, user):
        return user.get_full_name() or user.get_username()


class StaffOnlyRegistration:
    """Only staff register passkeys (the library asks for a second factor already checked,
    unless this is the person's first one, during set-up)."""

    def check_can_register(self):
        if not self.request.user.is_staff or not self.request.user.is_active:
            raise exceptions.NotAuthenticated()


class BeginPasskeyRegistrationView(StaffOnlyRegistration, BeginCredentialRegistrationView):
    pass


class CompletePasskeyRegistrationView(StaffOnlyRegistration, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        log_own_change(self.request.user, "Added a passkey.")
        return response


class BeginPasskeyCheckView(BeginCredentialAuthenticationView):
    """The sign-in page's passkey check; always asks the person to unlock their passkey."""

    def get_user(self):
        return None


class CompletePasskeyCheckView(CompleteCredentialAuthenticationView):
    """Checks the passkey and remembers it for the password form; signs nobody in."""

    def get_user(self):
        return None

    def check_device_usable(self, device):
        super().check_device_usable(device)
        if not device.user.is_staff:
            raise exceptions.UserDisabled()

    def complete_auth(self, device):
        self.request.session[PASSKEY_SESSION_KEY] = {"device": device.pk, "at": time.time()}

    def get_success_data(self, device):
        # Nothing about the account: the password form says whether the sign-in worked.
        return {"checked": True}
