"""The audit log is a hash chain: an edited, removed or reordered event is detected."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


def record(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(
                "test.happened",
                actor="auditor",
                object_type="thing",
                object_id=str(i),
                data={"amount": "5000.00", "name": "Үсөн"},
            )


def test_an_intact_chain_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    record(3)
    assert audit_verify() == (3, [])
    call_command("audit_verify")
    assert "audit log intact: 3 events, 0 signed daily roots" in capsys.readouterr().out


def test_each_event_follows_the_one_before() -> None:
    record(2)
    first, second = AuditEvent.objects.order_by("seq")
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash


def test_an_edited_event_is_detected() -> None:
    record(3)
    AuditEvent.objects.filter(seq=2).update(data={"amount": "1.00", "name": "Үсөн"})
    count, problems = audit_verify()
    assert count == 3
    assert problems == ["event #2: content does not match its hash (edited)"]
    with pytest.raises(CommandError, match="audit log broken: event #2"):
        call_command("audit_verify")


def test_a_removed_event_is_detected() -> None:
    record(3)
    AuditEvent.objects.filter(seq=2).delete()
    _, problems = audit_verify()
    assert "event #3: expected #2 (an event is missing)" in problems


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record("test.happened", actor="x", object_type="thing", object_id="1")
