"""`talapker draw-ballot-order --election E --commit` and
`talapker draw-ballot-order --election E --witness TEXT [--witness TEXT ...]` (interfaces.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.core.operator import operator_name
from talapker.elections.models import Election
from talapker.lotdraw import services


class Command(BaseCommand):
    help = (
        "The ballot-order lot draw (docs/draw.md): --commit publishes the commitment before "
        "it; --witness TEXT (repeatable) holds it and prints the protocol as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        step = parser.add_mutually_exclusive_group(required=True)
        step.add_argument(
            "--commit", action="store_true", help="create the secret and print its commitment"
        )
        step.add_argument(
            "--witness",
            action="append",
            metavar="TEXT",
            help="an input called out at the draw, in the order called (repeat for each)",
        )

    # In English, as the other commands write: pages answer in the reader's language.
    @no_translations
    def handle(
        self, *args: Any, election: str, commit: bool, witness: list[str] | None, **options: Any
    ) -> None:
        found = Election.objects.filter(code=election).first()
        if found is None:
            raise CommandError(f"no election {election!r}")
        actor = f"draw-ballot-order ({operator_name()})"
        try:
            if commit:
                self.stdout.write(services.commit(found, actor).commitment)
            else:
                made = services.draw(found, witness or [], actor)
                self.stdout.write(json.dumps(made.protocol, ensure_ascii=False, indent=2))
        except services.DrawRefused as err:
            raise CommandError(str(err)) from err
