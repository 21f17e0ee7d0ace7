"""`talapker demo` end to end: the generated demonstration election passes every importer,
and preparing it a second time changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_verify
from talapker.candidates.models import Candidate
from talapker.core.demo import demo_admin, demo_prepare
from talapker.elections.models import Election
from talapker.registers.models import LegalEntity, Person, RegisterSnapshot

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_election_loads_and_reloads_without_change(tmp_path: Path) -> None:
    settings.HOME = tmp_path
    said: list[str] = []
    demo_prepare(said.append)

    election = Election.objects.get(code="jk-2026")
    assert election.parties.count() == 20
    assert Candidate.objects.filter(party__election=election).count() == 20 * 54
    assert all(p.programme_text for p in election.parties.all())
    assert Person.objects.count() >= 90_000
    assert LegalEntity.objects.count() >= 1_500
    assert RegisterSnapshot.objects.count() == 7
    candidate = Candidate.objects.order_by("pk").first()
    assert candidate is not None
    person = Person.objects.get(pin=candidate.pin)
    assert (person.surname, person.birth_date) == (candidate.surname, candidate.birth_date)

    events = AuditEvent.objects.count()
    demo_prepare(said.append)
    assert AuditEvent.objects.count() == events
    assert said[-1] == "demonstration election loaded (unchanged)"
    assert audit_verify()[1] == []


def test_the_demo_admin_is_created_once(tmp_path: Path) -> None:
    settings.HOME = tmp_path
    said: list[str] = []
    demo_admin(said.append)
    demo_admin(said.append)
    assert len(said) == 1
    password = (tmp_path / "demo-admin-password").read_text().strip()
    assert password in said[0]
