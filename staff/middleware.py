import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError
from django.dispatch import receiver

SIGNED_IN_AT_SESSION_KEY = "staff_signed_in_at"


@receiver(user_logged_in, dispatch_uid="staff.remember_sign_in_time")
def remember_sign_in_time(sender, request, user, **kwargs):
    request.session[SIGNED_IN_AT_SESSION_KEY] = time.time()


class AbsoluteSessionLifetimeMiddleware:
    """Signs staff out SESSION_ABSOLUTE_SECONDS after they signed in, however active they were
    (the idle limit is SESSION_COOKIE_AGE): a stolen session cookie does not last for ever."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only with a session cookie: reading the user of a public page would add Vary: Cookie.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and self.signed_in(request):
            signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY, 0)
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)

    @staticmethod
    def signed_in(request):
        # With the database down nobody can be signed in (the session and the user live there):
        # let the view answer (the form keeps what was typed) instead of failing here.
        try:
            return request.user.is_authenticated
        except DatabaseError:
            return False
