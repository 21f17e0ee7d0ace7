from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.accounts.management import authenticator_lines
from talapker.accounts.services import COMMAND_LINE, otp_reset


class Command(BaseCommand):
    help = (
        "Gives a user a new authenticator key and 10 new backup codes (a lost phone); "
        "the old ones stop working. Prints the QR code, otpauth:// URI and base32 key, and the "
        "codes, once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    @no_translations
    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        secrets = otp_reset(user, actor=COMMAND_LINE)
        for line in authenticator_lines(secrets.authenticator):
            self.stdout.write(line)
        self.stdout.write("backup codes (each works once): " + " ".join(secrets.backup_codes))
        self.stdout.write("these secrets are shown only now")
