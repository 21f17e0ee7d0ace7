"""Routing by the commission's table and deadlines from the election's parameters: a
category goes to its body, a region's own line wins over the line for any region, a gap
falls to the CEC; days per category, shortened around election day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from talapker.audit.models import AuditEvent
from talapker.complaints.deadlines import deadline_for, elections_open_for_complaints
from talapker.complaints.models import Body, Route
from talapker.complaints.routing import route_for
from talapker.complaints.tests.conftest import file_one
from talapker.elections.models import Election

pytestmark = pytest.mark.django_db
BISHKEK = dt.timezone(dt.timedelta(hours=6))


def code(category: str, region: str) -> str | None:
    body = route_for(category, region)
    return body.code if body else None


def test_the_default_table_routes_each_category_to_its_body() -> None:
    assert code("vote_buying", "osh") == "police"
    assert code("pressure", "naryn") == "prosecutor"
    assert code("foreign", "bishkek") == "security"
    assert code("unpaid_ads", "talas") == "cec"
    assert code("other", "abroad") == "cec"
    assert code("precinct", "osh") == "tec-osh"
    assert code("campaigning", "chui") == "tec-chui"
    assert code("precinct", "abroad") == "cec"  # no territorial commission abroad
    assert Body.objects.filter(kind="commission").count() == 10  # the CEC and nine regions


def test_a_regions_own_line_wins_and_a_gap_falls_to_the_cec() -> None:
    Route.objects.create(
        category="vote_buying", region="naryn", body=Body.objects.get(code="tec-naryn")
    )
    assert code("vote_buying", "naryn") == "tec-naryn"
    assert code("vote_buying", "osh") == "police"
    Route.objects.filter(category="foreign").delete()
    assert code("foreign", "osh") == "cec"


def test_the_commission_edits_the_table_in_the_admin_and_it_is_logged(
    admin_client: Client,
) -> None:
    police = Body.objects.get(code="police")
    added = admin_client.post(
        "/en/admin/complaints/route/add/",
        {"category": "pressure", "region": "osh", "body": police.pk},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert code("pressure", "osh") == "police"
    event = AuditEvent.objects.get(action="complaints.route_added")
    assert (event.object_id, event.data) == ("pressure/osh", {"body": "police"})


def test_deadlines_come_from_the_parameters(election: Election) -> None:
    filed = dt.datetime(2026, 11, 20, 15, tzinfo=BISHKEK)
    assert deadline_for(election, "vote_buying", filed) == filed + dt.timedelta(days=3)
    assert deadline_for(election, "campaigning", filed) == filed + dt.timedelta(days=5)
    election.rules = {**election.rules, "complaint_days_campaigning": 2}
    assert deadline_for(election, "campaigning", filed) == filed + dt.timedelta(days=2)


@pytest.mark.parametrize(
    ("day", "shortened"),
    [
        (dt.date(2026, 11, 27), False),  # two days before election day
        (dt.date(2026, 11, 28), True),
        (dt.date(2026, 11, 29), True),  # election day
        (dt.date(2026, 11, 30), True),
        (dt.date(2026, 12, 1), False),
    ],
)
def test_around_election_day_a_deadline_is_hours(
    election: Election, day: dt.date, shortened: bool
) -> None:
    filed = dt.datetime.combine(day, dt.time(10), BISHKEK)
    due = deadline_for(election, "campaigning", filed)
    assert due == filed + (dt.timedelta(hours=24) if shortened else dt.timedelta(days=5))


def test_the_days_win_when_they_are_sooner(election: Election) -> None:
    election.rules = {**election.rules, "complaint_days_other": 0}
    filed = dt.datetime(2026, 11, 29, 10, tzinfo=BISHKEK)
    assert deadline_for(election, "other", filed) == filed


def test_a_filed_complaint_gets_its_deadline_and_body(
    stations: Election, campaign_day: Any
) -> None:
    on_the_day = dt.datetime(2026, 11, 29, 4, tzinfo=dt.UTC)  # 10:00 in Bishkek
    complaint = file_one(stations, category="precinct", region="osh", at=on_the_day)
    assert complaint.deadline == on_the_day + dt.timedelta(hours=24)
    assert complaint.body is not None and complaint.body.code == "tec-osh"
    event = AuditEvent.objects.get(action="complaints.filed")
    assert event.data["body"] == "tec-osh" and event.data["deadline"].startswith("2026-11-30")


def test_complaints_are_open_until_days_after_election_day(election: Election) -> None:
    assert elections_open_for_complaints(at=dt.datetime(2026, 12, 29, 12, tzinfo=dt.UTC))
    assert not elections_open_for_complaints(at=dt.datetime(2026, 12, 30, 12, tzinfo=dt.UTC))
