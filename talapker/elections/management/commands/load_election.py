from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.core.errors import InputError
from talapker.elections.services import election_load


class Command(BaseCommand):
    help = (
        "Loads an election folder: election.json, parties.csv, candidates.csv, "
        "accounts.csv, programmes/. Atomic and idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    # In English, as the runbooks and the account commands write: pages and the API answer
    # a refusal in the reader's language.
    @no_translations
    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            changes = election_load(directory)
        except InputError as err:
            raise CommandError(str(err)) from None
        if changes:
            summary = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in changes.items())
            self.stdout.write(f"loaded {directory}: {summary}")
        else:
            self.stdout.write(f"loaded {directory}: nothing changed")
