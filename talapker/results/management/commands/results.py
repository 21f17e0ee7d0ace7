import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from talapker.elections.models import Election
from talapker.results.standings import standing


class Command(BaseCommand):
    help = (
        "Prints the tally, turnout and seat allocation of an election (provisional until approved)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--election", required=True, help="the election's code")
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    @no_translations
    def handle(self, *args: Any, election: str, json: bool = False, **options: Any) -> None:
        found = Election.objects.filter(code=election).first()
        if found is None:
            raise CommandError(f"no election {election!r}")
        result = standing(found).as_json()
        if json:
            self.stdout.write(_dumps(result))
            return
        self.stdout.write(
            f"{found.code}: {result['status']}; {result['reporting']} of {result['precincts']} "
            f"precincts reporting ({result['reporting_percent']} %); turnout "
            f"{result['turnout_percent']} % ({result['ballots_issued']} of {result['registered']})"
        )
        self.stdout.write(f"{'party':<24} {'votes':>10} {'%':>7}  seats")
        for p in result["parties"]:
            mark = "" if p["passed_threshold"] else "  (below a threshold)"
            self.stdout.write(
                f"{p['party']:<24} {p['votes']:>10} {p['percent']:>7}  {p['seats']}{mark}"
            )
            for c in p["elected"]:
                self.stdout.write(
                    f"    {c['position']:>3}. {c['name']} ({c['preferential_votes']})"
                )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
