"""The public statistics: complaints by category, region and state, the median time to a
decision, the share decided within the deadline, week by week; answers only where made
public; no text, name, contact or handler anywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from talapker.complaints.handling import complaint_decide, complaint_join
from talapker.complaints.statistics import complaint_statistics
from talapker.complaints.tests.conftest import CAMPAIGN_DAY, file_one
from talapker.elections.models import Election

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def season(stations: Election, campaign_day: Any) -> Election:
    """Five complaints: two of vote buying in Bishkek decided in 12 and 96 hours (the second
    late), foreign money in Chui overdue, pressure in Osh joined to it, one more new."""
    week_ago = CAMPAIGN_DAY - dt.timedelta(days=7)
    quick = file_one(stations, at=week_ago, name="Айгүл", contact="+996 555 000 111")
    slow = file_one(stations, at=week_ago, text="<b>Акча</b> таратышты")
    complaint_decide(quick, "confirmed", "Полиция протокол түздү.", public=True,
                     actor="police1", at=week_ago + 12 * HOUR)  # fmt: skip
    complaint_decide(slow, "not_confirmed", "Ички жооп.", public=False,
                     actor="police1", at=week_ago + 96 * HOUR)  # fmt: skip
    foreign = file_one(stations, category="foreign", region="chui", at=week_ago)
    joined = file_one(stations, category="pressure", region="osh", at=week_ago)
    complaint_join(joined, foreign, actor="auditor1", at=week_ago + HOUR)
    file_one(stations, category="campaigning", region="naryn")
    return stations


def test_the_figures(season: Election) -> None:
    with translation.override("en"):
        stats = complaint_statistics(season, at=CAMPAIGN_DAY)
    assert (stats.total, stats.decided, stats.within_deadline, stats.overdue) == (5, 2, 1, 1)
    assert stats.median_hours == 54.0 and stats.median_days == 2.2
    assert stats.within_percent == 50
    categories = {bar.name: bar.count for bar in stats.by_category.bars}
    assert categories["vote buying"] == 2 and categories["foreign participation"] == 1
    assert len(stats.by_category.bars) == 7  # every kind, none left out
    regions = {bar.name: bar.count for bar in stats.by_region.bars}
    assert regions == {"Bishkek city": 2, "Osh Region": 1, "Naryn Region": 1, "Chui Region": 1}
    states = {bar.name: bar.count for bar in stats.by_state.bars}
    assert states["decided"] == 2 and states["joined to another complaint"] == 1
    weeks = {w.start: (w.filed, w.decided) for w in stats.weeks}
    assert weeks[dt.date(2026, 10, 1)] == (0, 0)  # the campaign's first week
    assert weeks[dt.date(2026, 11, 12)] == (4, 2) and weeks[dt.date(2026, 11, 19)] == (1, 0)
    assert [c.answer for c in stats.answers] == ["Полиция протокол түздү."]


def test_the_page_shows_charts_and_tables_and_nothing_personal(season: Election) -> None:
    page = Client().get("/ky/elections/jk-2026/complaints/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == 4 and html.count("<table") == 4
    assert "<style" not in html and " style=" not in html  # the CSP forbids inline styles
    assert "Полиция протокол түздү." in html and "Ички жооп." not in html
    for personal in ("Айгүл", "555 000", "police1", "Акча</b>", "таратышты"):
        assert personal not in html
    assert page["Cache-Control"]  # a public page, cached like the others
    ru = Client().get("/ru/elections/jk-2026/complaints/").content.decode()
    assert "2,2 сут. (54,0 ч)" in ru  # the median as Russian writes numbers


def test_an_election_without_complaints_has_empty_figures(stations: Election) -> None:
    stats = complaint_statistics(stations, at=CAMPAIGN_DAY)
    assert (stats.total, stats.median_hours, stats.within_percent) == (0, None, None)
    assert Client().get("/ru/elections/jk-2026/complaints/").status_code == 200
    assert Client().get("/ru/elections/nope/complaints/").status_code == 404
