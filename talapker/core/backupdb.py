"""The database part of a backup (core/backup.py), one pair of functions per vendor.

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent
snapshot while the server goes on writing, and copies it back into the configured database
the same way. PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` in
one transaction, so a restore that fails leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from talapker.audit.models import AuditEvent

MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is the one line the operator sees."""


def vendor() -> str:
    if connection.vendor not in MEMBER:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return str(connection.vendor)


def database_dump(target: Path) -> None:
    """Write a consistent copy of the configured database to `target`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # pages=-1: the whole database in one step, under one read lock, so the copy is a
            # snapshot even while other connections write (WAL lets them go on).
            connection.connection.backup(copy, pages=-1)
        finally:
            copy.close()
        return
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)])


def database_load(source: Path) -> None:
    """Replace the configured database's content with the copy at `source`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection, pages=-1)
        finally:
            copy.close()
        connection.close()  # the next query opens the restored database afresh
        return
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            str(connection.settings_dict["NAME"]),
            str(source),
        ]
    )


def database_has_data() -> bool:
    """Whether the database holds anything a restore would destroy: an audit event (every
    write of the platform writes one) or an account. A freshly migrated database holds
    neither (the rows that migrations seed, such as the complaint routes, do not count)."""
    tables = set(connection.introspection.table_names())
    for model in (AuditEvent, get_user_model()):
        table = model._meta.db_table
        if table in tables and model._default_manager.exists():
            return True
    return False


def _run(command: list[str]) -> None:
    binary = shutil.which(command[0])
    if binary is None:
        raise BackupError(f"{command[0]} not found on PATH (install the PostgreSQL client)")
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [binary, *command[1:]],
        env={**os.environ, **_libpq_environment(connection.settings_dict)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{command[0]} failed: {reason}")


def _libpq_environment(settings: dict[str, Any]) -> dict[str, str]:
    """The connection of Django's settings as libpq's variables (no password on the command
    line, where `ps` would show it)."""
    names = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": (settings.get("OPTIONS") or {}).get("sslmode"),
    }
    return {name: str(value) for name, value in names.items() if value}
