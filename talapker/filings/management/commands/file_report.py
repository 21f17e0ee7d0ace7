"""`talapker file-report` (interfaces.md): file a report as the fund's filer would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.core.errors import InputError
from talapker.core.operator import operator_name
from talapker.filings.formats.model import CONTRIBUTIONS, EXPENDITURES, REPORT_KINDS, Upload
from talapker.filings.formats.registry import report_format, report_read
from talapker.filings.services import report_file
from talapker.funds.models import Fund


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _upload(path: str, cap: int) -> Upload:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file")
    if file.stat().st_size > cap:
        raise CommandError(f"{file.name}: the file is larger than {cap} bytes")
    return Upload(file.name, file.read_bytes())


class Command(BaseCommand):
    help = "File a campaign-finance report for an election fund and print its receipt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("--fund", required=True, help="the fund's code (party code)")
        parser.add_argument("--kind", required=True, choices=REPORT_KINDS)
        parser.add_argument("--period-from", required=True, type=_date)
        parser.add_argument("--period-to", required=True, type=_date)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--contributions", help="contributions.csv (with --expenditures)")
        source.add_argument("--xlsx", help="one workbook with both sheets")
        source.add_argument("--json", help="the report as the API's JSON body")
        parser.add_argument("--expenditures", help="expenditures.csv (with --contributions)")
        parser.add_argument("--scan", help="the signed original (PDF)")
        parser.add_argument("--as-json", action="store_true", help="print the receipt as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        fund = (
            Fund.objects.select_related("election")
            .filter(election__code=options["election"], code=options["fund"])
            .first()
        )
        if fund is None:
            raise CommandError(f"no fund {options['fund']!r} in election {options['election']!r}")
        name, uploads = self._uploads(options)
        scan = _upload(options["scan"], 25 * 1024 * 1024) if options["scan"] else None
        try:
            data = report_read(name, uploads)
            filed = report_file(
                fund,
                options["kind"],
                options["period_from"],
                options["period_to"],
                data,
                channel="cli",
                actor=f"file-report ({operator_name()})",
                scan=scan,
                sources=list(uploads.values()),
            )
        except InputError as err:
            raise CommandError(str(err)) from err
        receipt = filed.receipt()
        if options["as_json"]:
            self.stdout.write(json.dumps(receipt, ensure_ascii=False))
            return
        for key, value in receipt.items():
            if key != "replayed":
                self.stdout.write(f"{key}: {value}")

    def _uploads(self, options: dict[str, Any]) -> tuple[str, dict[str, Upload]]:
        if options["contributions"]:
            if not options["expenditures"]:
                raise CommandError("--contributions needs --expenditures")
            cap = report_format("csv").max_bytes()
            return "csv", {
                CONTRIBUTIONS: _upload(options["contributions"], cap),
                EXPENDITURES: _upload(options["expenditures"], cap),
            }
        if options["expenditures"]:
            raise CommandError("--expenditures goes with --contributions")
        if options["xlsx"]:
            return "xlsx", {"workbook": _upload(options["xlsx"], report_format("xlsx").max_bytes())}
        return "json", {"body": _upload(options["json"], report_format("json").max_bytes())}
