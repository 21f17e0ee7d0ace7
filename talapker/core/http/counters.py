"""Counters that every worker of the server shares, for the rate limits.

A Django cache could count (a read, then a write), but its file backend replaces a whole
file per write, which ext4 makes wait for the disk (about 2 ms, measured: more than the
rest of a cached answer), and two workers counting at once lose a count. So by default the
counters are rows of a small SQLite file in the data directory (`cache/counters.sqlite3`),
each count one atomic upsert: WAL, no fsync (a counter lost in a crash is no loss), tens of
microseconds. With `TALAPKER_CACHE_URL=redis://…` they are Redis's atomic INCR instead,
through the `default` cache.

A counter lives until its `expires` time; expired rows are deleted now and then.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.cache import caches

PURGE_EVERY = 1000  # one count in this many also deletes the expired counters
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counts "
    "(key TEXT PRIMARY KEY, n INTEGER NOT NULL, expires REAL NOT NULL) WITHOUT ROWID"
)


class Counters(Protocol):
    def read(self, keys: list[str]) -> dict[str, int]:
        """The current values of these counters (missing or expired ones are absent)."""

    def count(self, key: str, lifetime: float) -> int:
        """Add one to the counter (created with this lifetime in seconds); its new value."""


class SQLiteCounters:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.local = threading.local()  # a connection per thread (gunicorn's gthread)

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self.local, "db", None)
        if db is None:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(SCHEMA)
            self.local.db = db
        return db

    def read(self, keys: list[str]) -> dict[str, int]:
        marks = ",".join("?" * len(keys))
        rows = self._db().execute(
            f"SELECT key, n FROM counts WHERE key IN ({marks}) AND expires > ?",  # noqa: S608
            [*keys, time.time()],
        )
        return dict(rows.fetchall())

    def count(self, key: str, lifetime: float) -> int:
        db, now = self._db(), time.time()
        if secrets.randbelow(PURGE_EVERY) == 0:
            db.execute("DELETE FROM counts WHERE expires <= ?", [now])
        row = db.execute(
            "INSERT INTO counts (key, n, expires) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE "
            "SET n = CASE WHEN expires > ? THEN n + 1 ELSE 1 END, "
            "expires = CASE WHEN expires > ? THEN expires ELSE excluded.expires END "
            "RETURNING n",
            [key, now + lifetime, now, now],
        ).fetchone()
        return int(row[0])


class CacheCounters:
    """Counters in the `default` cache: atomic on Redis (INCR)."""

    def read(self, keys: list[str]) -> dict[str, int]:
        return caches["default"].get_many(keys)

    def count(self, key: str, lifetime: float) -> int:
        cache = caches["default"]
        if cache.add(key, 1, lifetime):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, lifetime)
            return 1


_sqlite: dict[Path, SQLiteCounters] = {}


def counters() -> Counters:
    """The counters configured by `TALAPKER_COUNTERS`: a SQLite file's path, or "cache"."""
    where: str = settings.TALAPKER_COUNTERS
    if where == "cache":
        return CacheCounters()
    path = Path(where)
    if path not in _sqlite:
        _sqlite[path] = SQLiteCounters(path)
    return _sqlite[path]
