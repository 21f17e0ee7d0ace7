"""`talapker import-ads --election E ADS_FILE [--rates RATES_CSV] [--party CODE]`
(interfaces.md; `--party` is our extension for the exports of Meta and Google)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.ads.services import ads_import
from talapker.core.errors import InputError
from talapker.core.operator import operator_name
from talapker.elections.models import Election
from talapker.parties.models import Party


class Command(BaseCommand):
    help = (
        "Import political ads: ads.csv (formats.md section 6), the JSON of Meta's Ad Library "
        "API or Google's political-ads creative-stats CSV, with official rates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("file", help="the ads file; its format is detected")
        parser.add_argument("--rates", help="rates.csv: date, currency, rate_kgs")
        parser.add_argument(
            "--party",
            help="the party's code: every ad of a Meta or Google export is this party's",
        )

    # In English, as the other import commands write: pages answer in the reader's language.
    @no_translations
    def handle(
        self,
        *args: Any,
        election: str,
        file: str,
        rates: str | None,
        party: str | None,
        **options: Any,
    ) -> None:
        found = Election.objects.filter(code=election).first()
        if found is None:
            raise CommandError(f"no election {election!r}")
        for name in (file, rates):
            if name is not None and not Path(name).is_file():
                raise CommandError(f"{name}: no such file")
        by_code = None
        if party is not None:
            by_code = Party.objects.filter(election=found, code=party).first()
            if by_code is None:
                raise CommandError(f"no party {party!r} in election {election!r}")
        try:
            imported = ads_import(
                found,
                Path(file),
                Path(rates) if rates else None,
                actor=f"import-ads ({operator_name()})",
                party=by_code,
            )
        except InputError as err:
            raise CommandError(str(err)) from err
        s = imported.summary()
        name = Path(file).name
        rates_note = f"; {s['rates_new']} new rates" if rates else ""
        if imported.same_file:
            self.stdout.write(
                f"{name}: imported before; {s['ads']} ads unchanged, nothing stored{rates_note}"
            )
            return
        self.stdout.write(
            f"{name}: {s['format']}, {s['ads']} ads: {s['new']} new, {s['updated']} updated, "
            f"{s['unchanged']} unchanged{rates_note}"
        )
        if imported.not_attributed:
            shown = ", ".join(imported.not_attributed[:20])
            more = len(imported.not_attributed) - 20
            self.stdout.write(
                f"not stored, naming no party of the election (use --party): {shown}"
                + (f" and {more} more" if more > 0 else "")
            )
