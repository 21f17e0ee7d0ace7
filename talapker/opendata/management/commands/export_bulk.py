"""`talapker export-bulk --election E --out DIR` (interfaces.md): the election's open-data
snapshot in `DIR/<election>/<UTC time>/` (docs/open-data.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from talapker.core.operator import operator_name
from talapker.elections.models import Election
from talapker.opendata.package import TableWritten
from talapker.opendata.snapshot import Snapshot, opendata_root, snapshot_write
from talapker.opendata.standard import standard_write


class Command(BaseCommand):
    help = (
        "Write an election's open-data snapshot: every public table as CSV and Parquet, "
        "datapackage.json and SHA256SUMS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", help="the election's code")
        parser.add_argument(
            "--standard",
            type=Path,
            metavar="FILE",
            help="instead of a snapshot, write the tables' fields into the standard "
            "(docs/open-data-standard.md) between its markers",
        )
        parser.add_argument(
            "--out",
            type=Path,
            help="the folder of snapshots (default: the site's, $TALAPKER_HOME/opendata)",
        )
        parser.add_argument(
            "--keep", type=int, help="snapshots of the election to keep (default: the setting)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["standard"]:
            self._standard(options["standard"])
            return
        if not options["election"]:
            raise CommandError("--election is required (or --standard FILE)")
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"no election {options['election']!r}")
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be at least 1")
        root = options["out"] or opendata_root()
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CommandError(f"cannot write to {root}: {err.strerror}") from None
        snapshot, tables = snapshot_write(
            election,
            root,
            actor=f"export-bulk ({operator_name()})",
            keep=options["keep"],
        )
        with translation.override("en"):  # a command speaks English (sizes included)
            self._report(snapshot, tables)

    def _standard(self, path: Path) -> None:
        try:
            changed = standard_write(path)
        except (OSError, ValueError) as err:
            raise CommandError(str(err)) from None
        self.stdout.write(f"{path}: {'updated' if changed else 'already up to date'}")

    def _report(self, snapshot: Snapshot, tables: list[TableWritten]) -> None:
        self.stdout.write(f"{snapshot.path}")
        for done in tables:
            self.stdout.write(
                f"  {done.table.name:<14} {done.rows:>10} rows  "
                f"{done.csv.name} {filesizeformat(done.csv.size)}, "
                f"{done.parquet.name} {filesizeformat(done.parquet.size)}"
            )
        self.stdout.write(f"  {len(snapshot.files)} files, {filesizeformat(snapshot.size)}")
