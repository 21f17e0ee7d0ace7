"""The test database as a server uses it, with another connection holding its write lock.

SQLite's test database lives in memory with a shared cache, where a locked table fails at
once instead of waiting (there is no busy timeout between shared-cache connections). So on
SQLite `ServerDatabase` copies the test database into a file in WAL mode, as the platform
runs, and points every new connection (every thread's) at it until the test ends. On
PostgreSQL the test database is used as it is.

    def test_x(server_database):
        server_database.wait(0.2)          # the lock wait of every new connection
        with server_database.write_lock():
            ...                            # writers wait 0.2 s, then give up

Needs `pytest.mark.django_db(transaction=True)`: the lock is held by another connection,
which sees only committed rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.db.models import Model

from talapker.audit.models import AuditEvent


class ServerDatabase:
    def __init__(self, tmp_path: Path, settings: Any) -> None:
        self.settings = settings
        self.settings_dict = connection.settings_dict  # shared by every thread's connection
        self.saved = dict(self.settings_dict)
        self.memory: Any = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            self.memory = connection.connection
            self.path = tmp_path / "talapker.sqlite3"
            target = sqlite3.connect(self.path)
            self.memory.backup(target)
            target.execute("PRAGMA journal_mode=WAL")  # as the server's file has been since
            target.close()
            self.settings_dict["NAME"] = str(self.path)
            # Detached, not closed: closing the last connection to it would drop the in-memory
            # database, which the test's teardown still flushes.
            connection.connection = None

    def wait(self, seconds: float) -> None:
        """Every connection opened from now on waits `seconds` for a lock."""
        options = dict(self.saved["OPTIONS"])
        if connection.vendor == "sqlite":
            options["timeout"] = seconds
        else:
            options["options"] = (
                f"{options.get('options', '')} -c lock_timeout={seconds * 1000:.0f}"
            )
        self.settings_dict["OPTIONS"] = options
        self.settings.TALAPKER_DB_LOCK_WAIT = seconds
        connection.close()

    @contextmanager
    def write_lock(self, rows_of: type[Model] | None = None) -> Iterator[None]:
        """Hold, from another connection, what every write needs: SQLite's write lock; on
        PostgreSQL the audit log's table, which every write appends to, or else every row of
        the table of `rows_of`."""
        if connection.vendor == "sqlite":
            holder = sqlite3.connect(self.path, isolation_level=None)
            try:
                holder.execute("BEGIN IMMEDIATE")
                yield
            finally:
                holder.close()  # rolls back
            return
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                if rows_of is None:
                    cursor.execute(f"LOCK TABLE {AuditEvent._meta.db_table} IN EXCLUSIVE MODE")
                else:
                    cursor.execute(f"SELECT 1 FROM {rows_of._meta.db_table} FOR UPDATE")
                yield
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    def restore(self) -> None:
        connection.close()
        self.settings_dict.clear()
        self.settings_dict.update(self.saved)
        if self.memory is not None:
            connection.connection = self.memory
