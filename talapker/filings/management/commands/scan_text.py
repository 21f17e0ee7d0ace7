"""`talapker scan-text [--election E] [--missing]`: extract (again) the text and page images
of filed scans, here and now rather than on the queue (`filings/scantext.py`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.filings.scantext import scan_text_extract


class Command(BaseCommand):
    help = "Extract the text and page images of filed scans (text layer, else OCR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", help="only this election's scans (its code)")
        parser.add_argument("--missing", action="store_true", help="only scans not extracted yet")

    def handle(self, *args: Any, **options: Any) -> None:
        versions = ReportVersion.objects.filed().exclude(scan="")
        if options["election"]:
            if not Election.objects.filter(code=options["election"]).exists():
                raise CommandError(f"no election {options['election']!r}")
            versions = versions.filter(report__fund__election__code=options["election"])
        if options["missing"]:
            versions = versions.filter(scan_pages__isnull=True)
        versions = versions.select_related("report__fund").order_by("pk")
        total: Counter[str] = Counter()
        for version in versions:
            pages = scan_text_extract(version)
            methods = Counter(page.method for page in pages)
            total.update(methods)
            shown = ", ".join(f"{method} {count}" for method, count in sorted(methods.items()))
            self.stdout.write(f"{version} ({version.receipt}): {len(pages)} pages ({shown})")
        shown = ", ".join(f"{method} {count}" for method, count in sorted(total.items()))
        self.stdout.write(f"{sum(total.values())} pages extracted ({shown or 'none'})")
