"""Staff accounts as practice admins run them: invitations and set-up links by email, a
second factor reset, a colleague who leaves. Each action is logged in the admin's history."""

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django_otp import devices_for_user

from .tasks import send_staff_email


class SetupLinkTokenGenerator(PasswordResetTokenGenerator):
    """Links to set a password and a second factor: valid for STAFF_INVITATION_SECONDS (not the
    hour of a password reset), used once (the token changes with the password), and signed
    apart from password resets so that one kind of link never works as the other."""

    key_salt = "staff.accounts.SetupLinkTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - issued > settings.STAFF_INVITATION_SECONDS:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, issued, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


setup_link_tokens = SetupLinkTokenGenerator()


def _log(request, member, message):
    LogEntry.objects.log_actions(request.user.pk, [member], CHANGE, change_message=message, single_object=True)


def log_own_change(user, message):
    """A change a staff member made to their own sign-in (a new authenticator, backup codes, a
    passkey, a password from an emailed link), in the admin's history of their account."""
    from .models import StaffMember

    LogEntry.objects.log_actions(user.pk, [StaffMember(pk=user.pk, username=user.get_username())], CHANGE,
                                 change_message=message, single_object=True)


def setup_link(user):
    path = reverse("staff:setup", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                          "token": setup_link_tokens.make_token(user)})
    return settings.SITE_URL + path


def _send_setup_email(member, *, invited):
    body = render_to_string("staff/email/setup_link.txt", {
        "member": member, "link": setup_link(member), "invited": invited,
        "practice_name": settings.PRACTICE_NAME, "days": settings.STAFF_INVITATION_SECONDS // 86400,
        "sign_in_link": settings.SITE_URL + reverse("admin:login"),
    })
    subject = "Your staff sign-in: set it up" if invited else "Your staff sign-in: set up a new second factor"
    send_staff_email.enqueue(f"{settings.PRACTICE_NAME}: {subject}", body, member.email)


@transaction.atomic
def invite(request, member):
    """Email a new staff member (already saved, with their role) a link to choose a password and
    set up a second factor."""
    _send_setup_email(member, invited=True)
    _log(request, member, f"Invited by email ({member.email}) as {member.role or 'no role'}.")


@transaction.atomic
def reset_second_factor(request, member):
    """A lost phone: remove every second factor (authenticator, backup codes, passkeys) and
    email a link to set up a new one. Their open sessions stop working at once (django-otp
    finds no device for them). The link also asks for a new password."""
    for device in devices_for_user(member, confirmed=None):
        device.delete()
    _send_setup_email(member, invited=False)
    _log(request, member, "Second factor reset; a set-up link was emailed.")


@transaction.atomic
def deactivate(request, member):
    """Someone who leaves: they can no longer sign in, and an open session stops working at
    once (Django signs out inactive users). Their history stays."""
    member.is_active = False
    member.save(update_fields=["is_active"])
    _log(request, member, "Deactivated: can no longer sign in.")


@transaction.atomic
def reactivate(request, member):
    member.is_active = True
    member.save(update_fields=["is_active"])
    _log(request, member, "Reactivated.")
