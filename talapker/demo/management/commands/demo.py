from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from talapker.core.management.commands.serve import serve
from talapker.demo.prepare import demo_prepare


def _no_sync_while_building(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """The demo's own build writes generated data, made again at will: SQLite need not sync its
    log at every commit there (`TALAPKER_SQLITE_SYNCHRONOUS`); the server it starts does."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")


class Command(BaseCommand):
    help = (
        "Creates and migrates the database if needed, loads the demonstration election "
        "(idempotent) and serves it on 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        connection_created.connect(_no_sync_while_building)
        if connection.connection is not None:
            _no_sync_while_building(None, connection)
        demo_prepare(self.stdout.write)
        connection_created.disconnect(_no_sync_while_building)
        connection.close()  # the server's connections sync as configured
        if not no_serve:
            self.stdout.write(f"Talapker demo on http://127.0.0.1:{port}/ (Ctrl+C stops it)")
            serve("127.0.0.1", port, workers=2)
