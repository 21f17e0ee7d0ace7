import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.elections.models import Election
from talapker.results.tokens import issue
from talapker.voters.models import Precinct


class Command(BaseCommand):
    help = (
        "Issues the tokens precinct commissions send their protocols with (X-Precinct-Token): "
        "one per precinct (all, or those named), revoking earlier ones; writes precinct,token "
        "as CSV. The keys are shown only now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("--precinct", action="append", default=[], help="one precinct")
        parser.add_argument("--out", type=Path, help="a CSV file to write (default: stdout)")

    @no_translations
    def handle(
        self, *args: Any, election: str, precinct: list[str], out: Path | None, **options: Any
    ) -> None:
        found = Election.objects.filter(code=election).first()
        if found is None:
            raise CommandError(f"no election {election!r}")
        known = set(Precinct.objects.values_list("code", flat=True))
        unknown = sorted(set(precinct) - known)
        if unknown:
            raise CommandError(f"unknown polling station {unknown[0]!r}")
        keys = issue(found, precinct or known, actor="protocol-tokens")
        stream = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
        try:
            writer = csv.writer(stream)
            writer.writerow(["precinct", "token"])
            writer.writerows(sorted(keys.items()))
        finally:
            if out:
                stream.close()
        if out:
            self.stdout.write(f"issued {len(keys)} precinct tokens into {out}")
