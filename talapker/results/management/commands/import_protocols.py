from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.results.files import files_at, import_protocols


class Command(BaseCommand):
    help = (
        "Imports precinct protocols (a JSON file of one protocol or a list, or a folder of "
        "them, in name order). A protocol that cannot be one refuses the whole import; one "
        "that breaks a control relation is stored and flagged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("path", type=Path)

    @no_translations
    def handle(self, *args: Any, election: str, path: Path, **options: Any) -> None:
        found = Election.objects.filter(code=election).first()
        if found is None:
            raise CommandError(f"no election {election!r}")
        try:
            done = import_protocols(found, files_at(path), actor="import-protocols")
        except (InputError, OSError) as err:
            raise CommandError(str(err)) from None
        flags = ", ".join(f"{rule} {n}" for rule, n in sorted(done.flagged.items())) or "none"
        self.stdout.write(
            f"imported {path}: {done.received} protocols received, {done.unchanged} unchanged; "
            f"flags: {flags}"
        )
