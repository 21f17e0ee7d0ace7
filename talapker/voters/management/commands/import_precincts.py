from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.core.errors import InputError
from talapker.voters.precincts import precincts_import


class Command(BaseCommand):
    help = (
        "Imports the polling stations at home and abroad (precincts.csv): the file is the "
        "whole list. Atomic and idempotent; the voter registers are rebuilt after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    @no_translations
    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            counts = precincts_import(file)
        except (InputError, OSError) as err:
            raise CommandError(str(err)) from None
        summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
        self.stdout.write(f"imported {file}: {summary}")
