"""`talapker demo` end to end: the generated demonstration election passes every importer,
and preparing it a second time changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from talapker.audit.models import AuditEvent
from talapker.audit.services import audit_verify
from talapker.candidates.models import Candidate
from talapker.core.demo import demo_prepare
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


def test_the_demo_accounts_are_made_once_and_sign_in_needs_the_code(
    tmp_path: Path, election: Election
) -> None:
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp

    from talapker.accounts.permissions import can_file, is_auditor
    from talapker.core.demo_money import demo_users

    settings.HOME = tmp_path
    said: list[str] = []
    demo_users(election, said.append)
    events = AuditEvent.objects.count()
    demo_users(election, said.append)
    assert AuditEvent.objects.count() == events  # the second run changes nothing
    people = json.loads((tmp_path / "demo-credentials.json").read_text(encoding="utf-8"))
    assert people["admin"]["password"] in said[0]
    users = get_user_model().objects
    assert users.get(username="admin").check_password(people["admin"]["password"])
    assert is_auditor(users.get(username="auditor"))
    treasurer = users.get(username="treasurer-ata-jurt")
    assert can_file(treasurer, election.funds.get(code="ata-jurt"))
    assert not can_file(treasurer, election.funds.get(code="ishenim"))
    assert people["bank-1"]["api_token"]
    key = bytes.fromhex(people["auditor"]["totp_key_hex"])
    assert len(f"{totp(key):06d}") == 6
