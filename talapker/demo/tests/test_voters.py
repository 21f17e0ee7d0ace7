"""The demonstration's voter register: the generated stations and registrations abroad
imported, the register built once, a few requests to vote abroad decided, and nothing done
twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from talapker.audit.models import AuditEvent
from talapker.demo.voters import OUTCOMES, demo_voters
from talapker.elections.models import Election
from talapker.generator import SCALES, generate
from talapker.registers.services import register_import
from talapker.voters.models import (
    AbroadRegistration,
    MoveRequest,
    Precinct,
    RegisterBuild,
    StationCount,
    Voter,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_imports_the_stations_builds_the_register_and_decides_requests(
    tmp_path: Path, election: Election
) -> None:
    generate(tmp_path, "demo", 2026)
    register_import("population", tmp_path / "registers" / "population.csv")
    said: list[str] = []
    assert demo_voters(election, tmp_path, said.append)

    assert Precinct.objects.count() == 2540
    registered = SCALES["demo"].abroad_registrations
    assert AbroadRegistration.objects.filter(election=election).count() == registered
    counts = StationCount.objects.filter(election=election)
    assert sum(c.abroad_registered for c in counts) == registered
    states = sorted(MoveRequest.objects.filter(election=election).values_list("state", flat=True))
    assert states == sorted(
        {"approve": "approved", "refuse": "refused", "wait": "pending"}[o] for o in OUTCOMES
    )
    moved = Voter.objects.filter(election=election, how="moved")
    approved = MoveRequest.objects.filter(election=election, state="approved")
    assert {(v.pin, v.precinct) for v in moved} == {(r.pin, r.precinct) for r in approved}
    builds = RegisterBuild.objects.filter(election=election).count()

    events = AuditEvent.objects.count()
    assert not demo_voters(election, tmp_path, said.append)
    assert AuditEvent.objects.count() == events
    assert RegisterBuild.objects.filter(election=election).count() == builds
