"""The daily roots: each finished day's events (Bishkek time) sealed under one signed
Merkle root, and the check that every root still matches its events and its signature.

A day's events are a run of consecutive sequence numbers. An event belongs to the day of its
time in Bishkek, but never to a day before the event ahead of it (a clock set back does not
split a day), nor to a day already sealed. A day without events has no root. Today is never
sealed: its events are still coming. The sealing holds the log's end (`chain_lock`), so
every event of a finished day has been committed when its root is made; the sealing is
itself an event of the day it is made, which a later root covers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from talapker.audit import keys
from talapker.audit.merkle import leaf_hash, tree_hash
from talapker.audit.models import AuditEvent, AuditRoot, SigningKey
from talapker.audit.rotation import handover_problems, key_known
from talapker.audit.services import audit_record, chain_lock

BISHKEK = ZoneInfo("Asia/Bishkek")
ACTOR = "talapker audit-roots"


def signed_message(
    day: dt.date, first_seq: int, last_seq: int, size: int, root: str, key: str
) -> bytes:
    """What the platform signs for a root: canonical JSON, keys sorted, no spaces, UTF-8
    (docs/audit.md gives the format to outsiders)."""
    body = {
        "day": day.isoformat(),
        "first_seq": first_seq,
        "last_seq": last_seq,
        "size": size,
        "root": root,
        "key": key,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def message_of(root: AuditRoot) -> bytes:
    return signed_message(root.day, root.first_seq, root.last_seq, root.size, root.root, root.key)


def bishkek_day(at: dt.datetime) -> dt.date:
    return at.astimezone(BISHKEK).date()


@dataclass
class _Day:
    day: dt.date
    seqs: list[int]
    leaves: list[bytes]


def _finished_days(today: dt.date) -> list[_Day]:
    """The unsealed events before today, grouped by day, in order."""
    last = AuditRoot.objects.order_by("-last_seq").first()
    floor = last.day + dt.timedelta(days=1) if last else dt.date.min
    after = last.last_seq if last else 0
    days: list[_Day] = []
    events = AuditEvent.objects.filter(seq__gt=after).order_by("seq")
    for seq, event_hash, at in events.values_list("seq", "hash", "at").iterator(2000):
        day = max(bishkek_day(at), floor)
        if day >= today:
            break
        if not days or days[-1].day != day:
            days.append(_Day(day, [], []))
        days[-1].seqs.append(seq)
        days[-1].leaves.append(leaf_hash(event_hash))
        floor = day
    return days


def roots_seal(*, today: dt.date | None = None) -> list[AuditRoot]:
    """Seal every finished day that has events and no root yet; return the new roots.
    `today` (Bishkek) is the first day not sealed: the clock's by default."""
    made: list[AuditRoot] = []
    with transaction.atomic():
        chain_lock()
        fingerprint = key_known().fingerprint  # published before it signs
        today = today or bishkek_day(timezone.now())
        for found in _finished_days(today):
            root = AuditRoot(
                day=found.day,
                first_seq=found.seqs[0],
                last_seq=found.seqs[-1],
                size=len(found.seqs),
                root=tree_hash(found.leaves).hex(),
                key=fingerprint,
                signed_at=timezone.now(),
            )
            root.signature = keys.sign(message_of(root)).hex()
            root.save()
            audit_record(
                "audit.root_sealed",
                actor=ACTOR,
                object_type="audit_root",
                object_id=root.day.isoformat(),
                data={"first_seq": root.first_seq, "last_seq": root.last_seq,
                      "size": root.size, "root": root.root, "key": root.key},
            )  # fmt: skip
            made.append(root)
    return made


def root_problem(root: AuditRoot, known: dict[str, SigningKey]) -> str | None:
    """What is wrong with one root, or None: its key, its signature, then its events.
    `known`: the platform's keys, current and retired, by fingerprint."""
    where = f"root of {root.day.isoformat()}"
    key = known.get(root.key)
    if key is None:
        return f"{where}: signed by another key ({root.key[:16]}…), not the platform's"
    if key.retired_at is not None and root.day >= bishkek_day(key.retired_at):
        return (
            f"{where}: signed by the key {root.key[:16]}… retired on "
            f"{bishkek_day(key.retired_at).isoformat()}, for a day after its retirement"
        )
    try:
        signature = bytes.fromhex(root.signature)
    except ValueError:
        signature = b""
    if not keys.verify(signature, message_of(root), bytes.fromhex(key.public_key)):
        return f"{where}: its signature does not verify (the root or its signature was altered)"
    rows = list(
        AuditEvent.objects.filter(seq__gte=root.first_seq, seq__lte=root.last_seq)
        .order_by("seq")
        .values_list("seq", "hash")
    )
    seqs = [seq for seq, _hash in rows]
    if seqs != list(range(root.first_seq, root.last_seq + 1)) or len(rows) != root.size:
        return (
            f"{where}: covers {root.size} events #{root.first_seq}–#{root.last_seq}, "
            f"the log holds {len(rows)} of them (events removed or renumbered)"
        )
    if tree_hash([leaf_hash(h) for _seq, h in rows]).hex() != root.root:
        return f"{where}: its events no longer give its root (an event was edited or reordered)"
    return None


def roots_verify() -> tuple[int, list[str]]:
    """Check every stored root against its events and the platform's public keys (the
    current one and those retired, rotation.py); return the number of roots checked and the
    problems: the retired keys' handovers first, then the roots, oldest day first."""
    known = {k.fingerprint: k for k in SigningKey.objects.all()}
    raw = keys.public_key_raw()
    current = keys.fingerprint(raw)
    known.setdefault(current, SigningKey(fingerprint=current, public_key=raw.hex()))
    problems = handover_problems()
    count = 0
    for root in AuditRoot.objects.order_by("day").iterator():
        count += 1
        problem = root_problem(root, known)
        if problem:
            problems.append(problem)
    return count, problems
