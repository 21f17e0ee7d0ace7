"""Inserting many rows at once: one prepared INSERT run by the driver's `executemany`, which
psycopg pipelines and sqlite3 loops in C. For rows that need no model logic on the way in
(parsed files), it costs a fraction of `bulk_create`, which builds a model per row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection

BATCH = 5_000


def rows_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (values in the order of `columns`) into `table`; returns the count.

    Values are what the driver takes for the column (Decimal, date, str, int, None). Run it
    inside the transaction of the write it belongs to."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names are ours, not input
        quote(table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    count = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
