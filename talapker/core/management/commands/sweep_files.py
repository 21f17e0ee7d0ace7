"""`talapker sweep-files`: remove stored files no row references, finish interrupted renames."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.core.sweep import GRACE, files_sweep


class Command(BaseCommand):
    help = (
        "Removes stored files that no row references (left by a crash), once older than the "
        "grace period, and finishes the rename of files whose row was committed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(GRACE.total_seconds() // 60),
            metavar="MINUTES",
            help="grace period: younger files may belong to an open transaction (default: "
            "%(default)s)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be done, change nothing"
        )

    def handle(self, *args: Any, older_than: int, dry_run: bool, **options: Any) -> None:
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more minutes")
        swept = files_sweep(dt.timedelta(minutes=older_than), dry_run=dry_run)
        remove, finish = ("would remove", "would finish") if dry_run else ("removed", "finished")
        for name in swept.published:
            self.stdout.write(f"{finish} {name}")
        for name in swept.removed:
            self.stdout.write(f"{remove} {name}")
        self.stdout.write(
            f"{remove} {len(swept.removed)} orphaned files, {finish} {len(swept.published)} "
            f"renames; kept {swept.kept_young} younger than {older_than} minutes"
        )
