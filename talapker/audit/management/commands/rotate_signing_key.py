"""`talapker rotate-signing-key --reason TEXT [--compromised]` (docs/audit.md, "Rotating
the key")."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.audit.rotation import key_rotate


class Command(BaseCommand):
    help = (
        "Retires the platform's Ed25519 signing key and puts a new one in its file: the old "
        "private key is gone, its public half stays published so that the roots it signed "
        "still verify, and it signs its successor unless it is retired as compromised. "
        "Audit-logged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reason", required=True, help="why (published beside the retired key)"
        )
        parser.add_argument(
            "--compromised",
            action="store_true",
            help="the old key may be in other hands: it does not sign its successor",
        )

    def handle(self, *args: Any, reason: str, compromised: bool, **options: Any) -> None:
        reason = reason.strip()
        if not reason:
            raise CommandError("--reason: say why the key is retired (it is published)")
        retired, new = key_rotate(
            reason=reason[:500], actor="talapker rotate-signing-key", compromised=compromised
        )
        self.stdout.write(f"retired {retired.fingerprint}")
        self.stdout.write(f"current {new.fingerprint}")
        if compromised:
            self.stdout.write("the old key signed no handover: it may be in other hands")
        else:
            self.stdout.write("the old key signed its handover to the new one (audit/key)")
        self.stdout.write("publish the new fingerprint where the old one was announced")
