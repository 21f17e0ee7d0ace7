"""The demonstration's voter register: the generated stations at home and abroad and the
registrations abroad are imported, the register is built once, and a few voters ask to vote
abroad three weeks before election day (some approved, some refused, some still waiting).
Idempotent: the same files import nothing, a register already built is not built again,
and the requests are made only once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from talapker.elections.models import Election
from talapker.registers.models import Person
from talapker.voters.abroad import abroad_import
from talapker.voters.build import register_build
from talapker.voters.models import (
    HOME,
    AbroadImport,
    How,
    MoveRequest,
    Precinct,
    RegisterBuild,
    Voter,
)
from talapker.voters.precincts import precincts_import
from talapker.voters.requests import request_create, request_decide

ACTOR = "demo"
STAFF = "commission"
REFUSED = "The stay abroad could not be confirmed (demonstration)."
# what the demonstration's requests become, in the order they are asked
OUTCOMES = ("approve", "approve", "approve", "refuse", "refuse", "wait", "wait", "wait")


def demo_voters(election: Election, folder: Path, say: Callable[[str], None]) -> bool:
    """Import the stations and registrations abroad, build the register if it was never
    built, and make the demonstration's requests; return whether anything changed."""
    results = folder / "results"
    stations, registrations = results / "precincts.csv", results / "abroad_registrations.csv"
    if not stations.exists():  # demo data generated before the stations were
        say(f"no polling stations in {results}: the voter register is left out")
        return False
    counts = precincts_import(stations, actor=ACTOR)
    if any(counts.values()):
        say(f"imported the polling stations: {counts}")
    changed = any(counts.values())
    if registrations.exists():
        imports = AbroadImport.objects.filter(election=election).count()
        batch = abroad_import(election, registrations, actor=ACTOR)
        if AbroadImport.objects.filter(election=election).count() != imports:
            say(f"imported {batch.rows} registrations abroad")
            changed = True
    if not RegisterBuild.objects.filter(election=election).exists():
        build = register_build(election, trigger=ACTOR)
        say(f"built the voter register: {build.voters} voters")
        changed = True
    asked = demo_requests(election, say)
    if asked:
        build = register_build(election, trigger=ACTOR)  # the approvals move their voters
        say(f"rebuilt the voter register: {build.moved} voters moved abroad")
    return changed or bool(asked)


def demo_requests(election: Election, say: Callable[[str], None]) -> int:
    """A few voters at home ask to vote abroad three weeks before election day; the
    commission decides on some of them the next day. Made once; returns how many."""
    if MoveRequest.objects.filter(election=election).exists():
        return 0
    abroad = list(Precinct.objects.exclude(country=HOME).order_by("code"))
    home = Voter.objects.filter(election=election, how=How.HOME).order_by("pin")
    voters = list(home[: 40 * len(OUTCOMES)])
    if not abroad or not voters:
        return 0
    pins = [v.pin for v in voters]
    births = dict(Person.objects.filter(pin__in=pins).values_list("pin", "birth_date"))
    day = election.election_day - dt.timedelta(days=21)
    asked_at = timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
    decided_at = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(16)))
    for i, outcome in enumerate(OUTCOMES):
        voter = voters[i * 40]
        station = abroad[(i * 7) % len(abroad)]
        request = request_create(
            election, voter.pin, births[voter.pin], station.code, channel="web", at=asked_at
        )
        if outcome != "wait":
            approve = outcome == "approve"
            reason = "" if approve else REFUSED
            request_decide(request, approve, reason, actor=STAFF, at=decided_at)
    say(f"{len(OUTCOMES)} voters asked to vote abroad")
    return len(OUTCOMES)
