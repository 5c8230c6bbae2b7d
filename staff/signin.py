"""Staff sign-in: one form for username, password and a second factor, throttled by django-axes.

Failures (a wrong password, a wrong or missing code, an unknown or inactive account) are counted
per (username, client) and per client, where a client is `kap_site.proxies.client_network`.
Only the client that fails is paused, for LOGIN_LOCKOUT_SECONDS: the real person, signing in
from their own device, is never locked out by someone else's guesses. Every failure shows the
same message, so the page never tells whether the password was right.

Before the pause, a client that keeps failing is slowed down: from LOGIN_SLOWDOWN_FAILURES
failures for one username (LOGIN_CLIENT_SLOWDOWN_FAILURES for all usernames) its next try must
come a growing number of seconds after its last failure. A try that comes too early is refused
before the password is checked, and is not counted. The wait is read from django-axes' own
records (failures_since_start, attempt_time) in the database, so every server process agrees;
no request ever sleeps. It is our own code because django-axes has only the pause at its failure
limit, no growing wait before it.
"""

import hashlib
import hmac
import ipaddress
import logging
import math
import time

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db.models import Max, Sum
from django.template.response import TemplateResponse
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kap_site.proxies import client_network

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "We could not sign you in. Check your username, password and code, then try again. "
    "Forgot your password? Use the link below to reset it."
)
LOCKED_MESSAGE = (
    "Sign-in from this device is paused for a few minutes after too many failed attempts. "
    "Wait and try again, reset your password with the link below, or ask a practice admin "
    "to clear the pause."
)


def wait_message(seconds):
    """Shown to a client that tries again too soon: the same words whatever was wrong before,
    because the password of this try was not even checked."""
    unit = "second" if seconds == 1 else "seconds"
    return (
        f"Please wait {seconds} {unit}, then try again. After a few sign-ins that did not work, we ask "
        "for a short wait between tries to keep accounts safe. Type your password and code again "
        "when you try."
    )


# The session key where a passkey check waits for the password that completes the sign-in.
PASSKEY_SESSION_KEY = "staff_passkey_checked"
PASSKEY_VALID_SECONDS = 300
# How long a sign-in that just worked may be sent again (a double click, a second tab).
REPEAT_SIGN_IN_SECONDS = 30

# RFC 6666's discard-only prefix: room for clients whose address cannot be read (see below).
_UNREADABLE_CLIENTS = ipaddress.ip_network("100::/64")


def client_for_throttling(request):
    """django-axes' client address: our client network (IPv6 by /64, ports stripped).

    A request without a readable address (a broken proxy set-up) still gets a bucket of its
    own, never a shared one: its raw address text is hashed into a discard-only IPv6 range,
    because django-axes stores clients in an IP address column."""
    network = client_network(request)
    if not network.startswith("raw:"):
        return network
    digest = int.from_bytes(hashlib.sha256(network.encode()).digest()[:8], "big")
    return str(_UNREADABLE_CLIENTS[digest])


class ClientThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits: LOGIN_FAILURE_LIMIT failures for one
    username from one client, LOGIN_CLIENT_FAILURE_LIMIT for all usernames from one client.

    django-axes has one limit for every lockout parameter; failures per client are scaled to it
    (AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT), so a colleague's typos on a shared office
    address do not pause the office, while a client trying many usernames is paused."""

    def get_failures(self, request, credentials=None):
        per_username_and_client, per_client = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = per_client * settings.LOGIN_FAILURE_LIMIT // settings.LOGIN_CLIENT_FAILURE_LIMIT
        return max(per_username_and_client, scaled)

    def seconds_to_wait(self, request, credentials=None):
        """Whole seconds this client must still wait before its next try for this username, or 0.

        A client over a limit gets 0 here: the pause (is_locked) answers it instead."""
        per_username_and_client, per_client = (
            attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            for attempts in self.get_user_attempts(request, credentials)
        )
        if (per_username_and_client["failures"] or 0) >= settings.LOGIN_FAILURE_LIMIT or (
                per_client["failures"] or 0) >= settings.LOGIN_CLIENT_FAILURE_LIMIT:
            return 0
        waits = (
            (per_username_and_client, settings.LOGIN_SLOWDOWN_FAILURES, settings.LOGIN_SLOWDOWN_SECONDS,
             settings.LOGIN_SLOWDOWN_MAX_SECONDS),
            (per_client, settings.LOGIN_CLIENT_SLOWDOWN_FAILURES, settings.LOGIN_CLIENT_SLOWDOWN_SECONDS,
             settings.LOGIN_CLIENT_SLOWDOWN_MAX_SECONDS),
        )
        left = 0.0
        for attempts, first_slow_failure, first_wait, longest_wait in waits:
            wait = slowdown_seconds(attempts["failures"] or 0, first_slow_failure, first_wait, longest_wait)
            if wait:
                left = max(left, wait - (request.axes_attempt_time - attempts["last"]).total_seconds())
        return math.ceil(left) if left > 0 else 0

    def reset_user_attempts(self, request, credentials=None):
        """A sign-in that works clears that person's failures from that client, not those of
        others from the same address (django-axes would clear the whole client)."""
        per_username_and_client = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_username_and_client.delete()
        return count


def slowdown_seconds(failures, first_slow_failure, first_wait, longest_wait):
    """The wait after the last of `failures`: none before `first_slow_failure`, then `first_wait`
    seconds, doubling with each further failure, never more than `longest_wait`."""
    if failures < first_slow_failure or first_wait <= 0:
        return 0
    return min(first_wait * 2 ** min(failures - first_slow_failure, 32), longest_wait)


def seconds_to_wait(request, username):
    """Whole seconds before this client may try this username again (see ClientThrottleHandler)."""
    AxesProxyHandler.update_request(request)
    return AxesProxyHandler.get_implementation().seconds_to_wait(request, {"username": username})


def lockout_response(request, original_response=None, credentials=None):
    """A paused client sees the sign-in page with LOCKED_MESSAGE (the form puts it there), as
    429 Too Many Requests."""
    if original_response is None:
        return TemplateResponse(request, "admin/login_paused.html", {"message": LOCKED_MESSAGE}, status=429)
    original_response.status_code = 429
    return original_response


def _keyed(value):
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


def _recent_sign_in_key(user):
    return f"staff-sign-in:recent:{user.pk}"


def _log_cache_outage(error):
    """The shared cache only lets a sign-in be repeated. When it is down, sign-in goes on without
    that: it fails closed (a repeated code is refused, as from any other client), never with a
    server error. The failures and waits that throttle sign-in are in the database, not here."""
    logger.warning("Cache unavailable at staff sign-in: %s", type(error).__name__)


def remember_sign_in(request, user, device, token):
    """Remember, for REPEAT_SIGN_IN_SECONDS, the code that signed this person in from this client."""
    try:
        cache.set(
            _recent_sign_in_key(user),
            {"client": _keyed(client_network(request)), "device": device.persistent_id, "token": _keyed(token)},
            timeout=REPEAT_SIGN_IN_SECONDS,
        )
    except Exception as error:  # any cache backend's outage: redis, database
        _log_cache_outage(error)


def repeated_sign_in_device(request, user, token):
    """The device of a sign-in that worked seconds ago with this same code from this same
    client, or None.

    An authenticator code works once (django-otp refuses a replay). A person who clicks twice,
    or signs in again in a second tab within the same 30 seconds, sends the same code again with
    the right password: that is a repeat of their own sign-in, not an attack, so it is neither
    refused nor counted. From any other client the code is still refused."""
    try:
        recent = cache.get(_recent_sign_in_key(user))
    except Exception as error:  # any cache backend's outage: redis, database
        _log_cache_outage(error)
        return None
    if not recent or recent["client"] != _keyed(client_network(request)) or recent["token"] != _keyed(token):
        return None
    return next((d for d in devices_for_user(user, confirmed=True) if d.persistent_id == recent["device"]), None)


def take_passkey_check(request, user):
    """The passkey this person confirmed on the sign-in page moments ago, used once, or None."""
    from django_otp_webauthn.models import WebAuthnCredential

    checked = request.session.pop(PASSKEY_SESSION_KEY, None)
    if not checked or time.time() - checked.get("at", 0) > PASSKEY_VALID_SECONDS:
        return None
    return WebAuthnCredential.objects.filter(pk=checked.get("device"), user=user, confirmed=True).first()


class CodeInput(forms.TextInput):
    """A code is never written back into the page after a failed sign-in (it was used or wrong)."""

    def format_value(self, value):
        return None


class StaffSignInForm(AdminAuthenticationForm):
    """Username, password, and a second factor: a code from the authenticator app, a backup
    code, or a passkey confirmed on the page just before. Every failure says FAILED_MESSAGE."""

    otp_token = forms.CharField(
        label="Code from your authenticator app, or a backup code", required=False, max_length=16,
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}),
    )
    use_passkey = forms.BooleanField(required=False, widget=forms.HiddenInput)

    error_messages = {
        "invalid_login": FAILED_MESSAGE,
        "inactive": FAILED_MESSAGE,
        "locked": LOCKED_MESSAGE,
    }

    def clean(self):
        wait = seconds_to_wait(self.request, self.cleaned_data.get("username", ""))
        if wait:
            # Refused before the password is checked, and not counted: no request sleeps, and the
            # answer is the same whether the password was right. The admin site sends it as 429.
            self.request.sign_in_wait_seconds = wait
            raise forms.ValidationError(wait_message(wait), code="slow_down")
        try:
            super().clean()  # the password (django-axes counts a wrong one), active and staff
        except forms.ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(LOCKED_MESSAGE, code="locked") from None
            raise forms.ValidationError(FAILED_MESSAGE, code="invalid_login") from None
        user = self.get_user()
        device = self.second_factor(user)
        if device is None:
            self.user_cache = None
            # A right password with a wrong code counts as a failure too, with the same message.
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()},
                                   request=self.request)
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
            raise forms.ValidationError(FAILED_MESSAGE, code="invalid_login")
        user.otp_device = device  # django-otp marks the session verified when it logs the user in
        return self.cleaned_data

    def second_factor(self, user):
        token = "".join(self.cleaned_data.get("otp_token", "").split())
        if self.cleaned_data.get("use_passkey") and not token:
            return take_passkey_check(self.request, user)
        if not token:
            return None
        repeated = repeated_sign_in_device(self.request, user, token)
        if repeated is not None:
            return repeated
        for device in devices_for_user(user, confirmed=True):
            if not isinstance(device, TOTPDevice | StaticDevice) or not device.verify_is_allowed()[0]:
                continue
            if device.verify_token(token):
                if isinstance(device, TOTPDevice):
                    remember_sign_in(self.request, user, device, token)
                return device
        return None
