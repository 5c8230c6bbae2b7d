from django import forms
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from . import login_throttle

LOCKED_MESSAGE = (
    "Too many sign-in attempts. For safety, this account is locked for a while. "
    "Please try again later, or ask a practice admin for help."
)


class ThrottledOTPLoginForm(OTPAdminAuthenticationForm):
    """Username, password and a code from the authenticator app; locked after repeated failures."""

    otp_token = forms.CharField(
        label="Code from your authenticator app", required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def _chosen_device(self, user):
        # Staff have one authenticator (see `manage.py enrol_totp`): use it without asking.
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device

    def clean(self):
        username = self.data.get("username", "")
        if login_throttle.is_locked(self.request, username):
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_throttle.record_failure(self.request, username)
            raise
        login_throttle.clear_account(self.request, username)
        return cleaned


class SecureAdminSite(OTPAdminSite):
    """The admin requires a verified second factor (TOTP) for every staff member."""

    name = "admin"
    login_form = ThrottledOTPLoginForm
    login_template = "admin/login_2fa.html"
    site_header = "Practice administration"
    site_title = "Practice administration"
    index_title = "Content and consultation requests"
