from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talapker.generator import SCALES, generate


class Command(BaseCommand):
    help = (
        "Writes a synthetic, realistic election in the exchange formats "
        "(election, parties, candidates, registers, accounts, ...)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, scale: str, out: Path, seed: int, **options: Any) -> None:
        if out.exists() and any(out.iterdir()):
            raise CommandError(f"{out}: the folder is not empty; choose a new one")
        summary = generate(out, scale, seed)
        for name, count in summary.items():
            self.stdout.write(f"{name}: {count}")
