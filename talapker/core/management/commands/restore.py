"""`talapker restore PATH` (interfaces.md, docs/runbooks/backup-restore.md)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restores a backup written by `talapker backup`: checks every digest first, then "
        "replaces the database and the stored files, and migrates a backup of an older version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--force", action="store_true", help="restore over a database that holds data"
        )

    def handle(self, *args: Any, path: str, force: bool, **options: Any) -> None:
        started = time.perf_counter()
        try:
            done = backup_restore(Path(path), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        migrated = ", then migrated" if done.migrated else ""
        self.stdout.write(
            f"restored the {done.vendor} database and {done.files} files{migrated} "
            f"in {time.perf_counter() - started:.2f} s"
        )
