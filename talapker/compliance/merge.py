"""Merging what a run found into the stored findings, writing only what changed.

Each finding keeps a digest of its facts (`Finding.fingerprint`: severity, amount, evidence,
or the raw facts a family gave instead).
The merge reads the stored keys, digests and states of the scope (no evidence), compares
them with the run's hits and writes only the findings that are new, whose facts changed, that
are found again, or that are no longer found. The writes go in chunks of `CHUNK` rows, each
in its own short transaction, so another writer (a filing, a sign-in, a review) never waits
long for SQLite's single write lock; between chunks SQLite's waiting writers get their turn.
A review state is never written here, so a re-run keeps it.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple, TypeVar

from django.db import connection, transaction

from talapker.compliance.models import Finding, Review, ScreeningRun
from talapker.compliance.registry import RULES, Hit
from talapker.compliance.sql import in_list
from talapker.elections.models import Election

CHUNK = 1_000  # rows per write transaction: about 0.1 s on SQLite on a 2-core machine
PAUSE = 0.1  # SQLite: how long a run leaves the lock free between chunks (the longest step
#              of SQLite's busy handler), so waiting writers are not starved
T = TypeVar("T")


class Found(NamedTuple):
    """A hit with its key, its severity and the digest of its facts."""

    key: str
    hit: Hit
    severity: str
    fingerprint: str


def finding_key(hit: Hit, fund_code: str) -> str:
    return "|".join((hit.rule, fund_code, hit.source, hit.line, hit.key_extra))


def found_of(hits: Iterable[Hit], fund_codes: dict[int, str]) -> dict[str, Found]:
    """The hits by key, each digested: from its raw facts if the family gave them (a line
    of a big statement), else from its amount and evidence. One loop, no call per hit that
    can be spared: a fund with a big statement has a hit per line."""
    severity = {code: rule.severity for code, rule in RULES.items()}
    md5, encode = hashlib.md5, _ENCODER.encode
    found: dict[str, Found] = {}
    for hit in hits:
        key = finding_key(hit, fund_codes[hit.fund_id])
        level = severity[hit.rule]
        if hit.facts is not None:
            text = f"{level}|{hit.facts!r}"
        else:
            amount = "" if hit.amount is None else f"{hit.amount:.2f}"
            text = f"{level}|{amount}|{encode(hit.evidence)}"
        digest = md5(text.encode(), usedforsecurity=False).hexdigest()
        found[key] = Found(key, hit, level, digest)
    return found


_ENCODER = json.JSONEncoder(default=str, sort_keys=True, ensure_ascii=False)


@dataclass
class Merged:
    new: int = 0
    changed: int = 0
    resolved: int = 0
    write_seconds: float = 0.0
    _chunks: int = field(default=0, repr=False)


def merge(
    election: Election,
    fund_ids: Sequence[int],
    found: dict[str, Found],
    run: ScreeningRun,
    renew: Callable[[], None] = lambda: None,
) -> Merged:
    """Write what changed between the stored findings of the funds and what the run found."""
    known = _stored(election, fund_ids)
    new: list[Found] = []
    changed: list[tuple[int, Found]] = []
    for key, item in found.items():
        was = known.get(key)
        if was is None:
            new.append(item)
        elif was[1] != item.fingerprint or not was[2]:
            changed.append((was[0], item))
    gone = [pk for key, (pk, _fp, on) in known.items() if on and key not in found]
    merged = Merged(len(new), len(changed), len(gone))
    writes = _Writes(election, run)
    for chunk in _chunks(new):  # each chunk's rows are built before its transaction opens
        _write(merged, renew, partial(writes.run_many, writes.insert_sql, writes.inserted(chunk)))
    for pairs in _chunks(changed):
        _write(merged, renew, partial(writes.run_many, writes.update_sql, writes.updated(pairs)))
    for ids in _chunks(gone):
        _write(merged, renew, partial(writes.resolve, ids))
    return merged


def _stored(election: Election, fund_ids: Sequence[int]) -> dict[str, tuple[int, str, bool]]:
    """The stored findings of the funds: key → (id, fingerprint, active), read in one plain
    query (a big fund holds a finding per line of its statements)."""
    params: dict[str, Any] = {"election": election.pk}
    sql = (
        "SELECT id, key, fingerprint, active FROM compliance_finding "  # noqa: S608
        f"WHERE election_id = %(election)s AND fund_id IN {in_list('f', tuple(fund_ids), params)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {key: (pk, fp, bool(on)) for pk, key, fp, on in cursor.fetchall()}


class _Writes:
    """The merge's three writes as plain statements run by the driver's `executemany`: a
    first screen of a big statement inserts a finding per line, and building a model per row
    would cost more than the database does."""

    def __init__(self, election: Election, run: ScreeningRun) -> None:
        self.election, self.run = election.pk, run.pk
        quote = connection.ops.quote_name
        json = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
        table = quote(Finding._meta.db_table)
        self.insert_sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            table,
            ", ".join(map(quote, INSERTED)),
            ", ".join(json if c == "evidence" else "%s" for c in INSERTED),
        )
        self.update_sql = (
            f"UPDATE {table} SET severity = %s, amount = %s, "  # noqa: S608
            f"evidence = {json}, fingerprint = %s, active = %s, last_run_id = %s WHERE id = %s"
        )

    def inserted(self, items: Sequence[Found]) -> list[tuple[Any, ...]]:
        rows = []
        for item in items:
            hit = item.hit.full()
            rows.append(
                (self.election, hit.fund_id, item.key, hit.rule, item.severity, hit.source,
                 hit.line, hit.amount, _json(hit.evidence), item.fingerprint, True,
                 self.run, self.run, Review.OPEN, "", "", "")
            )  # fmt: skip
        return rows

    def updated(self, items: Sequence[tuple[int, Found]]) -> list[tuple[Any, ...]]:
        rows = []
        for pk, item in items:
            hit = item.hit.full()
            rows.append(
                (item.severity, hit.amount, _json(hit.evidence), item.fingerprint, True,
                 self.run, pk)
            )  # fmt: skip
        return rows

    @staticmethod
    def run_many(sql: str, rows: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def resolve(self, ids: Sequence[int]) -> None:
        Finding.objects.filter(pk__in=ids).update(active=False, last_run_id=self.run)


INSERTED = (
    "election_id", "fund_id", "key", "rule", "severity", "source", "line", "amount",
    "evidence", "fingerprint", "active", "first_run_id", "last_run_id", "review",
    "reviewed_by", "review_reason", "party_response",
)  # fmt: skip


def _json(evidence: dict[str, Any]) -> str:
    return json.dumps(evidence, default=str)


def _chunks(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _write(merged: Merged, renew: Callable[[], None], write: Callable[[], object]) -> None:
    """One chunk in one short transaction, timed; SQLite's lock is left free after it."""
    if merged._chunks and connection.vendor == "sqlite":
        time.sleep(PAUSE)
    started = time.perf_counter()
    with transaction.atomic():
        renew()
        write()
    merged.write_seconds = max(merged.write_seconds, time.perf_counter() - started)
    merged._chunks += 1
