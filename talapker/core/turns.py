"""Writers that take turns in order on SQLite, instead of polling for its lock.

SQLite has one writer at a time; a writer that finds the database locked sleeps in its busy
handler (1, 2, 5 … up to 100 ms) and tries again, so under a burst the lock often lies idle
while waiters sleep, and an unlucky one loses many times (the election-night benchmark saw
9.8 s for a protocol whose own work took 10 ms). `sqlite_turn()` makes such a burst queue
in the kernel instead: an exclusive `flock` on a file beside the database, opened anew by
each writer, so threads of one process and the server's processes all wait for it and one
wakes the moment it is released (a killed process releases it too). On PostgreSQL, which
has row locks, it does nothing.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


@contextmanager
def sqlite_turn(name: str) -> Iterator[None]:
    """Hold the turn `name` (one file per kind of write) for the block, on SQLite."""
    if connection.vendor != "sqlite":
        yield
        return
    database = Path(str(connection.settings_dict["NAME"]))
    # Beside the database file, so that every server of that database shares the turn; a
    # database in memory (tests) has no file: the data directory then.
    folder = database.parent if database.is_absolute() else Path(settings.HOME)
    path = folder / f"{database.name}.turn-{name}.lock"
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
