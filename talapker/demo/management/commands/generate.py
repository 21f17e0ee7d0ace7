import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from talapker.generator import SCALES, generate


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write the date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Writes a synthetic, realistic election in the exchange formats "
        "(election, parties, candidates, registers, accounts, ...)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="the reference date, YYYY-MM-DD (default: today in Asia/Bishkek): the "
            "campaign has just ended, election day 11 to 17 days before it, every report due "
            "and filed before it",
        )

    def handle(
        self, *args: Any, scale: str, out: Path, seed: int, today: dt.date | None, **options: Any
    ) -> None:
        if out.exists() and any(out.iterdir()):
            raise CommandError(f"{out}: the folder is not empty; choose a new one")
        summary = generate(out, scale, seed, today=today or timezone.localdate())
        for name, count in summary.items():
            self.stdout.write(f"{name}: {count}")
