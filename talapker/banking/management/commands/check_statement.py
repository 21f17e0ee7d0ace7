"""`talapker check-statement [--json] FILE` (interfaces.md): what the import would do with a
bank statement file, storing nothing.

A bank's integration engineer runs it before sending. It parses the file and checks every
statement in it as `import-statement` does, including that each account is a fund's special
account here and that no line is booked before the account could hold one; `--format-only`
skips those two (for a bank's own machine, which holds no funds), and `--election` narrows
the accounts to one election's. It prints each statement (with `--json`, the object the
interface names, with a few more keys) and exits 1 with the one-line reason when the import
would refuse the file. The same check answers `POST /api/v1/bank/statements?dry_run=1`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.banking.management.statement_file import statement_path
from talapker.banking.services import statement_check
from talapker.banking.statements import StatementFile, parse_statement
from talapker.banking.statements.report import file_summary
from talapker.core.errors import InputError
from talapker.elections.models import Election


class Command(BaseCommand):
    help = "Parse and check a bank statement file as the import would, storing nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the statement file; its format is detected")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--format-only",
            action="store_true",
            help="check the file alone, not its accounts against this installation's funds",
        )
        parser.add_argument("--election", help="only this election's fund accounts")

    @no_translations  # English, as the other commands write; pages and the API translate
    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = statement_path(file)
        election = None
        if options["election"]:
            election = Election.objects.filter(code=options["election"]).first()
            if election is None:
                raise CommandError(f"no election {options['election']!r}")
        try:
            checked = self._check(path, options["format_only"], election)
        except InputError as err:
            if options["json"]:
                refused = {
                    "file": err.file,
                    "line": err.line,
                    "column": err.column,
                    "reason": err.reason,
                }
                self.stdout.write(json.dumps({"refused": refused}, ensure_ascii=False))
            raise CommandError(str(err)) from err
        summary = file_summary(checked)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"{path.name}: {summary['format']}, {len(checked.statements)} statement(s)"
        )
        for statement in summary["statements"]:
            balances = ""
            if statement["opening_balance"] is not None:
                balances = (
                    f", {statement['opening_balance']} ({statement['opening_date']}) -> "
                    f"{statement['closing_balance']} ({statement['closing_date']})"
                )
            self.stdout.write(
                f"  {statement['account']} {statement['currency']} "
                f"{statement['statement_id']} {statement['sequence']}".rstrip()
                + f": {statement['lines']} lines{balances}"
            )
        self.stdout.write("the import would accept it")

    def _check(self, path: Path, format_only: bool, election: Election | None) -> StatementFile:
        data = path.read_bytes()
        if format_only:
            return parse_statement(path.name, data)
        return statement_check(path.name, data, election=election).file
