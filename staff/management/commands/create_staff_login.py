"""Make a staff login and its second factor in one step (`make superuser` runs it).

Asks for what it needs, or takes it from options or from Django's own variables
(DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL, DJANGO_SUPERUSER_PASSWORD), so it also
works in a script. The password must pass the site's password rules.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from staff.roles import ROLE_PERMISSIONS


class Command(BaseCommand):
    help = "Create a staff login (a practice owner with every permission, or one role) and enrol its authenticator."

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--role", choices=sorted(ROLE_PERMISSIONS),
                            help="Give this role instead of every permission (the default, for the practice owner).")
        parser.add_argument("--no-qr", action="store_true", help="Print only the otpauth:// link.")

    def ask(self, label, secret=False):
        if not sys.stdin.isatty() and secret:
            return sys.stdin.readline().rstrip("\n")
        try:
            return (getpass.getpass(f"{label}: ") if secret else input(f"{label}: ")).strip()
        except EOFError as error:
            raise CommandError(f"{label} is needed.") from error

    def handle(self, *args, username=None, email=None, role=None, no_qr=False, **options):
        User = get_user_model()
        username = username or os.environ.get("DJANGO_SUPERUSER_USERNAME") or self.ask("Username")
        if not username:
            raise CommandError("A username is needed.")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already a login called {username!r}. Enrol it with: manage.py enrol_totp")
        email = email if email is not None else os.environ.get("DJANGO_SUPERUSER_EMAIL")
        if email is None:
            email = self.ask("Email (optional)")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if password is None:
            password = self.ask("Password", secret=True)
            if sys.stdin.isatty() and self.ask("Password again", secret=True) != password:
                raise CommandError("The two passwords did not match; nothing was created.")
        user = User(username=username, email=email or "", is_staff=True, is_superuser=role is None)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("That password is not strong enough: " + " ".join(error.messages)) from error
        with transaction.atomic():
            user.set_password(password)
            user.save()
            if role:
                user.groups.add(Group.objects.get(name=role))
        self.stdout.write(f"Made the staff login {username!r}" + (f" ({role})." if role else " (every permission)."))
        call_command("enrol_totp", username, no_qr=no_qr, stdout=self.stdout)
