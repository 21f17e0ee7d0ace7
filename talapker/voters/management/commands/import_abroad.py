from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.voters.abroad import abroad_import


class Command(BaseCommand):
    help = (
        "Imports registrations of voters abroad by mobile groups and consulates "
        "(abroad_registrations.csv). A row that names no voter or no station abroad refuses "
        "the whole file; the election's register is rebuilt after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("file", type=Path)

    @no_translations
    def handle(self, *args: Any, election: str, file: Path, **options: Any) -> None:
        found = Election.objects.filter(code=election).first()
        if found is None:
            raise CommandError(f"no election {election!r}")
        try:
            batch = abroad_import(found, file)
        except (InputError, OSError) as err:
            raise CommandError(str(err)) from None
        self.stdout.write(f"imported {file}: {batch.rows} registrations, {batch.new} new")
