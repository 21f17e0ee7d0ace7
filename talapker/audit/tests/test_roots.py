"""Each finished day is sealed under a signed Merkle root, today never; `audit-verify` checks
the chain and every root, and names the first broken event or root."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command
from django.db import connection

from talapker.audit import keys
from talapker.audit.models import AuditEvent, AuditRoot
from talapker.audit.roots import roots_seal
from talapker.audit.services import _digest, audit_verify
from talapker.audit.tests.conftest import DAY, Record

pytestmark = pytest.mark.django_db
NEXT = DAY + dt.timedelta(days=1)


def mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1, as written there: recursive, split at the largest power of two."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def leaves_of(first: int, last: int) -> list[bytes]:
    events = AuditEvent.objects.filter(seq__range=(first, last)).order_by("seq")
    hashes = events.values_list("hash", flat=True)
    return [hashlib.sha256(b"\x00" + bytes.fromhex(h)).digest() for h in hashes]


def sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def broken() -> str:
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify")
    return str(raised.value)


def test_a_finished_day_is_sealed_today_never(record_on: Record) -> None:
    record_on(DAY, 5)
    assert roots_seal(today=DAY) == []
    [root] = roots_seal(today=NEXT)
    assert (root.day, root.first_seq, root.last_seq, root.size) == (DAY, 1, 5, 5)
    assert root.root == mth(leaves_of(1, 5)).hex()
    assert roots_seal(today=NEXT) == []  # sealed once
    sealing = AuditEvent.objects.get(seq=6)
    assert (sealing.action, sealing.object_id) == ("audit.root_sealed", "2026-11-20")


def test_the_signature_verifies_with_the_published_key_and_the_documented_message(
    record_on: Record,
) -> None:
    record_on(DAY, 3)
    [root] = roots_seal(today=NEXT)
    message = json.dumps(
        {"day": "2026-11-20", "first_seq": 1, "last_seq": 3, "size": 3, "root": root.root,
         "key": root.key},
        sort_keys=True, separators=(",", ":"),
    ).encode()  # fmt: skip
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(keys.public_key_raw().hex()))
    public.verify(bytes.fromhex(root.signature), message)  # raises if not
    assert root.key == hashlib.sha256(keys.public_key_raw()).hexdigest()


def test_each_day_has_its_own_root_by_bishkek_time(record_on: Record) -> None:
    record_on(DAY, 2)
    record_on(DAY, 1, hour=23)  # 17:00 UTC, still the 20th in Bishkek
    record_on(NEXT, 3, hour=1)  # 19:00 UTC on the 20th, but the 21st in Bishkek
    roots = roots_seal(today=NEXT + dt.timedelta(days=2))
    assert [(r.day, r.first_seq, r.last_seq, r.size) for r in roots] == [
        (DAY, 1, 3, 3),
        (NEXT, 4, 6, 3),
    ]
    call_command("audit_verify")


def test_an_intact_log_with_roots_verifies(
    record_on: Record, capsys: pytest.CaptureFixture[str]
) -> None:
    record_on(DAY, 4)
    roots_seal(today=NEXT)
    call_command("audit_verify")
    assert "audit log intact: 5 events, 1 signed daily roots" in capsys.readouterr().out


def test_an_event_edited_by_sql_is_named(record_on: Record) -> None:
    record_on(DAY, 5)
    roots_seal(today=NEXT)
    sql("UPDATE audit_auditevent SET data = %s WHERE seq = 3", ['{"name": "x"}'])
    sql("UPDATE audit_auditevent SET actor = %s WHERE seq = 4", ["someone"])
    assert broken().startswith("audit log broken: event #3: content does not match its hash")


def test_a_deleted_event_is_named(record_on: Record) -> None:
    record_on(DAY, 5)
    roots_seal(today=NEXT)
    sql("DELETE FROM audit_auditevent WHERE seq = 2", [])
    assert broken().startswith("audit log broken: event #3: expected #2 (an event is missing)")


def test_two_events_swapped_are_named(record_on: Record) -> None:
    record_on(DAY, 5)
    roots_seal(today=NEXT)
    sql("UPDATE audit_auditevent SET seq = 1000 WHERE seq = 2", [])
    sql("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3", [])
    sql("UPDATE audit_auditevent SET seq = 3 WHERE seq = 1000", [])
    assert broken().startswith("audit log broken: event #2: does not follow")


def test_the_last_event_of_a_sealed_day_removed_is_caught_by_its_root(record_on: Record) -> None:
    record_on(DAY, 3)
    roots_seal(today=NEXT)  # event #4 records the sealing
    sql("DELETE FROM audit_auditevent WHERE seq >= 3", [])  # the chain alone still holds
    _count, problems = audit_verify()
    assert problems == [
        "root of 2026-11-20: covers 3 events #1–#3, the log holds 2 of them "
        "(events removed or renumbered)"
    ]


def test_a_chain_rewritten_whole_is_caught_by_the_signed_root(record_on: Record) -> None:
    """Whoever edits an event and recomputes every hash after it keeps the chain whole;
    the root, signed with a key they do not hold, still tells."""
    record_on(DAY, 4)
    roots_seal(today=NEXT)
    prev = AuditEvent.objects.get(seq=1).hash
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        if event.seq == 2:
            event.data = {"name": "someone else"}
        event.prev_hash = prev
        event.hash = _digest(prev, event.seq, event.at.isoformat(), event.actor, event.action,
                             event.object_type, event.object_id, event.data)  # fmt: skip
        AuditEvent.objects.filter(pk=event.pk).update(
            data=event.data, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    message = broken()
    assert message.startswith("audit log broken: root of 2026-11-20: its events no longer give")


@pytest.mark.parametrize(
    ("column", "value"),
    [("root", "0" * 64), ("signature", "ab" * 64), ("first_seq", 2), ("size", 4)],
)
def test_an_altered_root_is_named(record_on: Record, column: str, value: object) -> None:
    record_on(DAY, 3)
    roots_seal(today=NEXT)
    sql(f"UPDATE audit_auditroot SET {column} = %s", [value])
    assert broken().startswith(
        "audit log broken: root of 2026-11-20: its signature does not verify"
    )


def test_a_root_signed_by_another_key_is_named(record_on: Record) -> None:
    record_on(DAY, 3)
    roots_seal(today=NEXT)
    AuditRoot.objects.update(key="f" * 64)
    assert "signed by another key (ffffffffffffffff…)" in broken()


def test_the_first_broken_is_named_when_several_are(record_on: Record) -> None:
    record_on(DAY, 3)
    record_on(NEXT, 3)
    roots_seal(today=NEXT + dt.timedelta(days=1))
    AuditRoot.objects.filter(day=NEXT).update(root="1" * 64)
    sql("UPDATE audit_auditevent SET object_id = %s WHERE seq = 5", ["x"])
    _count, problems = audit_verify()
    assert problems[0].startswith("event #5:")
    assert problems[-1].startswith("root of 2026-11-21:")
