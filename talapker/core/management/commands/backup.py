"""`talapker backup PATH` (interfaces.md, docs/runbooks/backup-restore.md)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.core.backup import BackupError, backup_write, file_roots


class Command(BaseCommand):
    help = (
        "Writes a consistent backup (the database, copied online, and the stored files, with "
        "a manifest of SHA-256 digests) to one tar file; PATH may be a folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the new backup file, or a folder to write it in")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        started = time.perf_counter()
        try:
            done = backup_write(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{done.path}: {done.size} bytes, database and {done.files} files "
            f"in {time.perf_counter() - started:.2f} s"
        )
        elsewhere = sorted({"media", "private"} - set(file_roots()))
        if elsewhere:
            self.stdout.write(
                f"not in it: the files of {', '.join(elsewhere)}, kept in object storage "
                "(the bucket's versioning keeps them)"
            )
