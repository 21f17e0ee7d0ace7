"""`talapker import-register KIND FILE` (interfaces.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from talapker.core.errors import InputError
from talapker.core.operator import operator_name
from talapker.registers.services import register_import
from talapker.registers.specs import REGISTERS


class Command(BaseCommand):
    help = "Replace a state register with the snapshot in a CSV file (formats.md, section 3)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=list(REGISTERS), help="which register")
        parser.add_argument("file", help="the register's CSV file")

    # In English, as the runbooks and the account commands write: pages and the API answer
    # a refusal in the reader's language.
    @no_translations
    def handle(self, *args: Any, kind: str, file: str, **options: Any) -> None:
        try:
            snapshot = register_import(
                kind, file, imported_by=f"import-register ({operator_name()})"
            )
        except InputError as err:
            raise CommandError(str(err)) from err
        self.stdout.write(
            f"{snapshot.kind}: {snapshot.row_count} rows from {snapshot.file_name} "
            f"(sha256 {snapshot.sha256[:12]}, imported {snapshot.imported_at:%Y-%m-%d %H:%M})"
        )
