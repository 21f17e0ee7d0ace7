"""The demonstration's complaints: every category and every state, some past their deadline
and escalated, an ad and findings linked, a handler account per body; made once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from talapker.accounts.models import Membership, Role
from talapker.ads.services import ads_import
from talapker.ads.tests.conftest import ADS, RATES
from talapker.audit.models import AuditEvent
from talapker.complaints.models import Body, Category, Complaint, State
from talapker.complaints.overdue import overdue
from talapker.demo.complaints import demo_complaints
from talapker.elections.models import Election
from talapker.voters.precincts import precincts_import
from talapker.voters.tests.test_register import SAMPLES

pytestmark = pytest.mark.django_db
AFTER_THE_VOTE = dt.datetime(2026, 12, 8, 6, tzinfo=dt.UTC)  # nine days after election day


def test_the_demo_files_complaints_of_every_kind_and_state_once(
    election: Election, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.HOME = tmp_path
    monkeypatch.setattr(timezone, "now", lambda: AFTER_THE_VOTE)
    precincts_import(SAMPLES / "precincts.csv")
    ads_import(election, ADS, RATES, actor="test")
    said: list[str] = []
    made = demo_complaints(election, said.append)

    complaints = Complaint.objects.filter(election=election)
    assert made == complaints.count() >= 14
    assert set(complaints.values_list("category", flat=True)) == set(Category.values)
    assert set(complaints.values_list("state", flat=True)) == set(State.values)
    late = overdue(complaints)
    assert late.exists() and not late.filter(escalated_at__isnull=True).exists()
    assert overdue(complaints).count() < complaints.exclude(state__in=("decided", "joined")).count()
    assert complaints.filter(answer_public=True).count() >= 2
    assert complaints.filter(attachments__isnull=False).distinct().count() >= 2
    assert complaints.filter(ads__isnull=False).exists()
    assert complaints.filter(steps__kind="forwarded").exists()

    handlers = Membership.objects.filter(role=Role.HANDLER)
    assert set(handlers.values_list("body", flat=True)) == set(
        Body.objects.values_list("code", flat=True)
    )
    people = json.loads((Path(settings.HOME) / "demo-credentials.json").read_text("utf-8"))
    assert people["handler-prosecutor"]["body"] == "prosecutor"
    assert people["handler-prosecutor"]["totp_key_base32"]

    events = AuditEvent.objects.count()
    assert demo_complaints(election, said.append) == 0
    assert AuditEvent.objects.count() == events
