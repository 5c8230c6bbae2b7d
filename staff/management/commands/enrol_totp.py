import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Enrol a staff member for two-factor sign-in: makes a new authenticator (TOTP) key and prints "
        "a QR code to scan with an authenticator app. Replaces any key the person had."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--no-qr", action="store_true", help="Print only the otpauth:// link.")

    def handle(self, *args, username, no_qr=False, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user called {username!r}.") from error
        if not user.is_staff:
            raise CommandError(f"{username} is not a staff member; give them staff status first.")
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        self.stdout.write(f"Two-factor sign-in set up for {username}. Scan this in an authenticator app:")
        if not no_qr:
            # Drawn whole, then written once: line by line through self.stdout would add a
            # newline after every row and break the code apart.
            drawing = io.StringIO()
            segno.make(device.config_url, error="m").terminal(out=drawing, compact=True)
            self.stdout.write(drawing.getvalue(), ending="")
        self.stdout.write(device.config_url)
        self.stdout.write("Keep this private. Run this command again to replace a lost phone.")
