"""Planner settings for whole-set statements on PostgreSQL.

Screening and reconciliation are a few statements over whole tables. PostgreSQL's defaults are
tuned for many small queries on spinning disks: 4 MB of `work_mem` splits a hash join of a
million rows into batches written to disk, JIT compilation adds a fraction of a second to
every statement whose estimated cost is high, which is every one of these, and a random read
priced at four sequential ones makes the planner read a 7-million-row register whole rather
than look up the few thousand rows it needs. `planner_settings` sets such
parameters for the statements inside it alone (`SET LOCAL`, in a transaction) and puts the
previous values back afterwards, so the rest of the caller's transaction plans as before.
On SQLite it does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from django.conf import settings
from django.db import connection, transaction


def whole_set_settings() -> dict[str, str]:
    """The settings for whole-set work: memory from `TALAPKER_WHOLE_SET_WORK_MEM`, no JIT,
    and the cost of a random page read as on an SSD or from memory (1.1, PostgreSQL's
    documented advice for such storage, against 4 for spinning disks), so that a few
    thousand index probes into a register of millions are preferred to reading it whole."""
    return {
        "work_mem": settings.TALAPKER_WHOLE_SET_WORK_MEM,
        "jit": "off",
        "random_page_cost": "1.1",
    }


@contextmanager
def planner_settings(values: dict[str, str]) -> Iterator[None]:
    """Run the block with these planner settings (PostgreSQL only): in the caller's
    transaction if there is one, else in one of its own; one statement reads the current
    values, one sets the new, one restores them. On SQLite it opens nothing: a transaction
    there would take the write lock for reads that need none."""
    if connection.vendor != "postgresql":
        yield
        return
    names = list(values)
    reads = ", ".join("current_setting(%s)" for _ in names)
    writes = ", ".join("set_config(%s, %s, true)" for _ in names)
    with _transaction(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {reads}", names)
        before = dict(zip(names, cursor.fetchone(), strict=True))
        cursor.execute(f"SELECT {writes}", [x for n in names for x in (n, values[n])])
        yield  # on an error the transaction (or savepoint) rolls back, and the settings with it
        cursor.execute(f"SELECT {writes}", [x for n in names for x in (n, before[n])])


def _transaction() -> AbstractContextManager[object]:
    """`SET LOCAL` lasts until the end of a transaction: the caller's, or a new one."""
    return nullcontext() if connection.in_atomic_block else transaction.atomic()
