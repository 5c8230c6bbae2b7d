"""Pages for a staff member's own sign-in: second factors, password reset, set-up links."""

import base64

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from kap_site.counters.models import EventCount, keyed_hash
from kap_site.proxies import client_network

from .accounts import log_own_change, setup_link_tokens
from .forms import AuthenticatorCodeForm, StaffPasswordResetForm

BACKUP_CODE_COUNT = 10
NEW_BACKUP_CODES_SESSION_KEY = "staff_new_backup_codes"


class AdminPageMixin:
    """The admin's look (site header, sign-out link) on our own pages."""

    def get_context_data(self, **kwargs):
        context = admin.site.each_context(self.request)
        # No admin menu for someone signing in, resetting a password or setting up.
        context["is_nav_sidebar_enabled"] = context["is_nav_sidebar_enabled"] and admin.site.has_permission(
            self.request)
        return {**context, **super().get_context_data(**kwargs)}


class SecondFactorAccessMixin:
    """A staff member's own second-factor pages: signed in with both factors, or, during
    set-up (an invitation or a reset), signed in by the set-up link with no second factor yet."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        allowed = user.is_authenticated and user.is_active and user.is_staff and (
            user.is_verified() or not any(devices_for_user(user, confirmed=True))
        )
        if not allowed:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().dispatch(request, *args, **kwargs)


def pending_authenticator(user):
    """The new authenticator key being set up: shown as a QR code until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def grouped_key(device):
    """The key as people type it into an app by hand: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


class SecurityView(SecondFactorAccessMixin, AdminPageMixin, TemplateView):
    template_name = "staff/security.html"
    extra_context = {"title": "Your second factor"}

    def get_context_data(self, *, code_form=None, **kwargs):
        user = self.request.user
        devices = list(devices_for_user(user, confirmed=True))
        authenticator = pending_authenticator(user)
        backup = next((d for d in devices if isinstance(d, StaticDevice)), None)
        return super().get_context_data(
            setting_up=not devices,
            has_authenticator=any(isinstance(d, TOTPDevice) for d in devices),
            qr_code=segno.make(authenticator.config_url, error="m").svg_inline(
                scale=5, border=4, dark="#000", light="#fff", title="QR code for your authenticator app", omitsize=True,
            ),
            authenticator_key=grouped_key(authenticator),
            code_form=code_form or AuthenticatorCodeForm(device=authenticator),
            backup_codes_left=backup.token_set.count() if backup else 0,
            new_backup_codes=self.request.session.pop(NEW_BACKUP_CODES_SESSION_KEY, None),
            passkeys=[d for d in devices if isinstance(d, WebAuthnCredential)],
            **kwargs,
        )


class ConfirmAuthenticatorView(SecondFactorAccessMixin, AdminPageMixin, FormView):
    """A code from the app proves it holds the new key; it then replaces any old one."""

    form_class = AuthenticatorCodeForm
    template_name = "staff/security.html"
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": pending_authenticator(self.request.user)}

    def form_valid(self, form):
        device = form.device
        TOTPDevice.objects.filter(user=self.request.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # The session was verified by the old key, now gone; the code just typed verifies it again.
        otp_login(self.request, device)
        log_own_change(self.request.user, "Set up an authenticator app.")
        messages.success(self.request, "Your authenticator app is set up. Use its code each time you sign in.")
        return redirect("staff:security")

    def form_invalid(self, form):
        view = SecurityView(request=self.request, kwargs={})
        return view.render_to_response(view.get_context_data(code_form=form))


class NewBackupCodesView(SecondFactorAccessMixin, View):
    """Ten one-time codes for a day without the phone; any earlier ones stop working."""

    def post(self, request):
        if not any(devices_for_user(request.user, confirmed=True)):
            messages.error(request, "Set up an authenticator app or a passkey first; backup codes come after.")
            return redirect("staff:security")
        StaticDevice.objects.filter(user=request.user).delete()
        device = StaticDevice.objects.create(user=request.user, name="Backup codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        request.session[NEW_BACKUP_CODES_SESSION_KEY] = codes
        log_own_change(request.user, "Made new backup codes.")
        return redirect("staff:security")


class RemovePasskeyView(SecondFactorAccessMixin, View):
    def post(self, request, pk):
        passkey = get_object_or_404(WebAuthnCredential, pk=pk, user=request.user)
        others = [d for d in devices_for_user(request.user, confirmed=True)
                  if d != passkey and not isinstance(d, StaticDevice)]
        if not others:
            messages.error(request, "This is your only second factor. Set up another one before you remove it.")
        else:
            passkey.delete()
            log_own_change(request.user, "Removed a passkey.")
            messages.success(request, "The passkey was removed.")
        return redirect("staff:security")


class SetupView(AdminPageMixin, auth_views.PasswordResetConfirmView):
    """The link in an invitation or after a second-factor reset: choose a password, then set up
    a second factor. Signs the person in only while they have no second factor at all."""

    token_generator = setup_link_tokens
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    template_name = "staff/setup_password.html"
    title = "Choose your password"

    def form_valid(self, form):
        self.post_reset_login = not any(devices_for_user(self.user, confirmed=True))
        response = super().form_valid(form)
        log_own_change(self.user, "Chose a password from a set-up link.")
        if self.post_reset_login:
            messages.success(self.request, "Your password is set. Now set up your second factor.")
            return HttpResponseRedirect(reverse("staff:security"))
        messages.success(self.request, "Your password is set. Sign in with it and your second factor.")
        return response

    def get_success_url(self):
        return reverse("admin:login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active and user.is_staff else None


class PasswordResetView(AdminPageMixin, auth_views.PasswordResetView):
    """Django's reset by email, for staff, rate limited per client and per address.

    Over the limit, the page is the same and nothing is sent: a flood of emails can neither
    bury a colleague nor tell an attacker anything. (django-axes throttles sign-ins only; these
    requests are counted with the same counters as the consultation form's limit.)"""

    form_class = StaffPasswordResetForm
    email_template_name = "registration/staff_password_reset_email.txt"
    subject_template_name = "registration/staff_password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if not self.within_limits(form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        # Links use the site's configured address, never the Host header of the request.
        self.extra_email_context = {"site_url": settings.SITE_URL, "practice_name": settings.PRACTICE_NAME}
        return super().form_valid(form)

    def within_limits(self, email):
        limit, window = settings.PASSWORD_RESET_RATE_LIMIT, 3600
        client = EventCount.objects.record(f"password-reset:client:{keyed_hash(client_network(self.request))}",
                                           window)
        address = EventCount.objects.record(f"password-reset:email:{keyed_hash(email.strip().lower())}", window)
        return client <= limit and address <= limit


class PasswordResetDoneView(AdminPageMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminPageMixin, auth_views.PasswordResetConfirmView):
    """A new password from the emailed link. It does not sign anyone in: the sign-in page still
    asks for the second factor."""

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active and user.is_staff else None

    def form_valid(self, form):
        response = super().form_valid(form)
        log_own_change(self.user, "Changed password from an emailed reset link.")
        return response


class PasswordResetCompleteView(AdminPageMixin, auth_views.PasswordResetCompleteView):
    pass
