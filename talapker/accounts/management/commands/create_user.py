import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.accounts.management import authenticator_lines, one_line
from talapker.accounts.models import Role
from talapker.accounts.services import COMMAND_LINE, user_create
from talapker.funds.models import Account, Fund

ROLES = "filer, bank, handler, auditor or administrator"


class Command(BaseCommand):
    help = (
        "Creates a user with one role, a confirmed authenticator (TOTP) and 10 backup codes; "
        "prints the password (unless --password-stdin), the authenticator's QR code, "
        "otpauth:// URI and base32 key, and the codes, once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", default="", help=ROLES)
        parser.add_argument("--election", default="", help="election code (filers)")
        parser.add_argument("--fund", default="", help="fund code in that election (filers)")
        parser.add_argument("--bank", default="", help="bank name as in accounts.csv (banks)")
        parser.add_argument(
            "--body", default="", help="code of the body whose complaints they handle (handlers)"
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )

    @no_translations
    def handle(
        self,
        *args: Any,
        username: str,
        role: str,
        election: str,
        fund: str,
        bank: str,
        body: str,
        email: str,
        password_stdin: bool,
        **options: Any,
    ) -> None:
        if role not in Role.values:
            raise CommandError(f"--role {role!r}: choose {ROLES}")
        scope = self._fund(role, election, fund) if role == Role.FILER else None
        if role == Role.BANK:
            self._check_bank(bank)
        elif bank:
            raise CommandError("--bank is for --role bank only")
        if role != Role.FILER and (election or fund):
            raise CommandError("--election and --fund are for --role filer only")
        if role == Role.HANDLER and not body.strip():
            raise CommandError("--role handler needs --body (the code of a complaints body)")
        if role != Role.HANDLER and body:
            raise CommandError("--body is for --role handler only")
        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("--password-stdin: standard input holds no password")
        try:
            created = user_create(
                username,
                role,
                fund=scope,
                bank=bank,
                body=body,
                password=password,
                email=email,
                actor=COMMAND_LINE,
            )
        except ValidationError as error:
            raise CommandError(f"{username}: {one_line(error)}") from None
        write = self.stdout.write
        write(f"created {username} ({role})")
        if created.password is not None:
            write(f"password: {created.password}")
        for line in authenticator_lines(created.otp.authenticator):
            write(line)
        write("backup codes (each works once): " + " ".join(created.otp.backup_codes))
        write("these secrets are shown only now")

    @staticmethod
    def _fund(role: str, election: str, fund: str) -> Fund:
        if not election or not fund:
            raise CommandError("--role filer needs --election and --fund")
        found = Fund.objects.filter(election__code=election, code=fund).first()
        if found is None:
            raise CommandError(f"no fund {fund!r} in election {election!r}")
        return found

    @staticmethod
    def _check_bank(bank: str) -> None:
        if not bank.strip():
            raise CommandError("--role bank needs --bank (the bank's name as in accounts.csv)")
        if not Account.objects.filter(bank=bank.strip()).exists():
            known = sorted(set(Account.objects.values_list("bank", flat=True)))
            raise CommandError(
                f"no special account is held at {bank!r}; known banks: "
                + (", ".join(known) if known else "none (load the election first)")
            )
