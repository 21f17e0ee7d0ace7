"""Replacing a register table's whole content in the caller's transaction, fast.

SQLite: fill a bare twin of the table with `executemany`, drop the old table, rename the
twin into its place and build the indexes (sorting on SQLite's worker threads). Building an
index once over sorted keys is several times faster than inserting millions of random PINs
into a live one. Schema changes are transactional in SQLite, and in WAL mode readers keep
seeing the old snapshot, with its indexes, until the commit.

PostgreSQL: delete everything, COPY FROM STDIN, ANALYZE. The indexes stay, because dropping
one would lock readers out of the table until the commit; autovacuum reclaims the old rows.

A duplicate value surfaces as the database's IntegrityError (from the unique index built
at the end, or during COPY); the caller turns it into an InputError naming the lines.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Field

from talapker.registers.specs import RegisterSpec

Batch = Sequence[Sequence[Any]]


def replace_rows(spec: RegisterSpec, batches: Iterable[Batch]) -> int:
    """Replace every row of the spec's table with the rows of `batches`, in the open
    transaction; return the number of rows inserted."""
    meta = spec.model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(str(cast(Field, meta.get_field(name)).column)) for name in spec.fields
    )
    counted = _Counted(batches)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_replace(cursor, meta.db_table, columns, len(spec.fields), counted)
        elif connection.vendor == "postgresql":
            _postgres_replace(cursor, quote(meta.db_table), columns, counted)
        else:
            table = quote(meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - names from the model
            sql = _insert_sql(table, columns, len(spec.fields))
            for batch in counted:
                cursor.executemany(sql, batch)
    return counted.rows


class _Counted:
    """Batches passed through, their rows counted."""

    def __init__(self, batches: Iterable[Batch]) -> None:
        self.batches = batches
        self.rows = 0

    def __iter__(self) -> Iterator[Batch]:
        for batch in self.batches:
            self.rows += len(batch)
            yield batch


def _insert_sql(table: str, columns: str, width: int) -> str:
    marks = ", ".join(["%s"] * width)
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608


def _sqlite_replace(
    cursor: CursorWrapper, table: str, columns: str, width: int, batches: Iterable[Batch]
) -> None:
    """Load into a twin of the table, then swap: drop the old table, rename the twin, and
    build the indexes (Django's own way of remaking an SQLite table).

    Deleting the old rows first would be simpler, but SQLite re-reads from disk every page
    that is freed and reused in one transaction, which made replacing a national snapshot
    half again as slow as the first import. A fresh twin is filled from pages freed by an
    earlier import instead, and the old table's pages are freed only at the end. The file
    then keeps free room for about one more snapshot, which the next import reuses.
    """
    quote = connection.ops.quote_name
    twin = f"{table}__loading"
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
    (create_table,) = cursor.fetchone()
    # Every index has its SQL: the models declare unique keys as named indexes, never as
    # inline constraints, so the twin is created bare and all indexes are built at the end.
    cursor.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s ORDER BY name",
        [table],
    )
    create_indexes = [sql for (sql,) in cursor.fetchall()]
    if None in create_indexes or not create_table.startswith(f"CREATE TABLE {quote(table)} "):
        raise RuntimeError(f"{table} has a shape that the register import cannot remake")
    cursor.execute(create_table.replace(quote(table), quote(twin), 1))
    sql = _insert_sql(quote(twin), columns, width)
    for batch in batches:
        # Lists, not one generator: Django's executemany tees its argument, and a tee
        # over a generator of millions of rows would keep them all.
        cursor.executemany(sql, batch)
    cursor.execute(f"DROP TABLE {quote(table)}")
    cursor.execute(f"ALTER TABLE {quote(twin)} RENAME TO {quote(table)}")
    # SQLite sorts for CREATE INDEX on as many threads as allowed; it allows none by default.
    cursor.execute("PRAGMA threads")
    (threads,) = cursor.fetchone()
    cursor.execute(f"PRAGMA threads = {min(os.cpu_count() or 1, 4)}")
    try:
        for create in create_indexes:
            cursor.execute(create)
    finally:
        cursor.execute(f"PRAGMA threads = {int(threads)}")


def _postgres_replace(
    cursor: CursorWrapper, table: str, columns: str, batches: Iterable[Batch]
) -> None:
    # One import of a register at a time; readers (ACCESS SHARE) are not blocked.
    cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - names from the model
    # cursor.copy is psycopg's own; wrap it so that its errors become Django's, as for
    # every other query.
    with (
        connection.wrap_database_errors,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        write = copy.write_row
        for batch in batches:
            for row in batch:
                write(row)
    cursor.execute(f"ANALYZE {table}")
