from django.conf import settings
from django_otp.admin import OTPAdminSite

from .signin import StaffSignInForm


class SecureAdminSite(OTPAdminSite):
    """The admin requires a verified second factor for every staff member (staff/signin.py)."""

    name = "admin"
    login_form = StaffSignInForm
    login_template = "admin/login_2fa.html"
    site_header = "Practice administration"
    site_title = "Practice administration"
    index_title = "Content and consultation requests"

    def login(self, request, extra_context=None):
        extra_context = {"lockout_minutes": settings.LOGIN_LOCKOUT_SECONDS // 60, **(extra_context or {})}
        response = super().login(request, extra_context)
        wait = getattr(request, "sign_in_wait_seconds", 0)
        if wait:  # a try that came too soon (staff/signin.py): the page says how long to wait
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response
