"""`talapker import-statement --election E FILE` (interfaces.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.banking.management.statement_file import statement_path
from talapker.banking.services import statement_import
from talapker.core.errors import InputError
from talapker.core.operator import operator_name
from talapker.elections.models import Election


class Command(BaseCommand):
    help = "Import a bank statement of an election-fund account (MT940, camt.053 or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("file", help="the statement file; its format is detected")

    # In English, as the runbooks and the account commands write: pages and the API answer
    # a refusal in the reader's language.
    @no_translations
    def handle(self, *args: Any, election: str, file: str, **options: Any) -> None:
        found = Election.objects.filter(code=election).first()
        if found is None:
            raise CommandError(f"no election {election!r}")
        path = statement_path(file)
        try:
            imported = statement_import(
                path.name,
                path.read_bytes(),
                actor=f"import-statement ({operator_name()})",
                channel="cli",
                election=found,
            )
        except InputError as err:
            raise CommandError(str(err)) from err
        s = imported.summary()
        if imported.unchanged:
            self.stdout.write(
                f"{path.name}: received before (statement {s['statement']}); nothing changed"
            )
            return
        for part in imported.statements:
            self.stdout.write(
                f"{path.name}: {s['format']} statement of account {part.account.number} "
                f"(fund {part.account.fund.code}): {part.lines} lines, {part.new_lines} new"
            )
