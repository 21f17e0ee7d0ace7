"""Writing and verifying the audit chain."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from talapker.audit.models import AuditEvent

GENESIS = "0" * 64
PG_LOCK_KEY = 7_402_119  # serialises appends on PostgreSQL; SQLite writers are serialised anyway


def _digest(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    data: dict[str, Any],
) -> str:
    body = json.dumps(
        [prev_hash, seq, at, actor, action, object_type, object_id, data],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def chain_lock() -> None:
    """Hold the log's end until the transaction ends: appends (and the sealing of roots) run
    one at a time. PostgreSQL: an advisory lock; SQLite: its IMMEDIATE transactions already
    hold the database's one write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_LOCK_KEY])


def audit_record(
    action: str, *, actor: str, object_type: str, object_id: str, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event; must run inside the transaction of the write it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the write")
    chain_lock()
    last = AuditEvent.objects.order_by("-seq").first()
    seq = last.seq + 1 if last else 1
    prev_hash = last.hash if last else GENESIS
    at = timezone.now()
    clean = json.loads(json.dumps(data or {}, default=str))
    event = AuditEvent(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        data=clean,
        prev_hash=prev_hash,
    )
    event.hash = _digest(
        prev_hash, seq, at.isoformat(), actor, action, object_type, object_id, clean
    )
    event.save()
    return event


def chain_verify() -> tuple[int, list[str]]:
    """Walk the chain; return the number of events checked and the problems found: an event
    missing, one not following the hash before it, one whose content does not give its
    hash."""
    problems: list[str] = []
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq:
            problems.append(f"event #{event.seq}: expected #{expected_seq} (an event is missing)")
        if event.prev_hash != prev_hash:
            problems.append(f"event #{event.seq}: does not follow the previous event's hash")
        digest = _digest(
            event.prev_hash,
            event.seq,
            event.at.isoformat(),
            event.actor,
            event.action,
            event.object_type,
            event.object_id,
            event.data,
        )
        if digest != event.hash:
            problems.append(f"event #{event.seq}: content does not match its hash (edited)")
        prev_hash, expected_seq = event.hash, event.seq + 1
    return count, problems


def audit_verify() -> tuple[int, list[str]]:
    """Walk the chain, then check every signed daily root (roots.py); return the number of
    events checked and the problems in order: the chain's by sequence number, then the
    roots' by day, so that the first names the first broken event or root."""
    from talapker.audit.roots import roots_verify  # roots.py records through this module

    count, problems = chain_verify()
    return count, problems + roots_verify()[1]
