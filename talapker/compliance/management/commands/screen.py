"""`talapker screen --election E [--fund F] [--json]` (interfaces.md)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.compliance.engine import findings_data, screen
from talapker.core.operator import operator_name
from talapker.elections.models import Election


class Command(BaseCommand):
    help = "Run the preliminary analysis of an election's money and print the findings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("--fund", help="screen one fund only (its code)")
        parser.add_argument("--json", action="store_true", help="print the findings as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"no election {options['election']!r}")
        fund = None
        if options["fund"]:
            fund = election.funds.filter(code=options["fund"]).first()
            if fund is None:
                raise CommandError(f"no fund {options['fund']!r} in election {election.code!r}")
        run = screen(election, fund, trigger=f"screen ({operator_name()})")
        found = findings_data(election, fund)
        if options["json"]:
            self.stdout.write(json.dumps(found, ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"{election.code}: {run.found} findings ({run.new} new, {run.resolved} no longer "
            f"found) in {run.seconds:.2f} s"
        )
        by_rule = Counter((f["severity"], f["rule"]) for f in found)
        for (severity, rule), count in sorted(by_rule.items()):
            self.stdout.write(f"  {severity:<9} {rule:<30} {count}")
