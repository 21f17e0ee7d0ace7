from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from talapker.core.management.commands.serve import serve
from talapker.demo.prepare import demo_prepare


class Command(BaseCommand):
    help = (
        "Creates and migrates the database if needed, loads the demonstration election "
        "(idempotent) and serves it on 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        demo_prepare(self.stdout.write)
        if not no_serve:
            self.stdout.write(f"Talapker demo on http://127.0.0.1:{port}/ (Ctrl+C stops it)")
            serve("127.0.0.1", port, workers=2)
