"""On any day the demo tells the same story: the campaign has just ended, every report was due
and is filed before that day, a correction comes after what it corrects, and the election
stands under past elections. The day is moved by the clock itself (`timezone.now`), so the
demo and every service it calls see the same day, as on a server started on that day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from talapker.compliance.engine import findings_data
from talapker.demo.prepare import demo_folder, demo_prepare
from talapker.disclosure.selectors import election_list
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion
from talapker.filings.services import report_file, rows_of

# Committed as the demo's own build is, not one test-long transaction: on PostgreSQL every
# protocol updates the national tally rows, and versions that no commit frees make each
# update walk a longer chain of them (the demo took three times as long: 190 s, not 64 s).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.mark.parametrize("days", [800, -800], ids=["future", "past"])
def test_the_demo_on_another_day_tells_the_same_story(
    days: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    day = _days_from_today(days)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    settings.HOME = tmp_path
    demo_prepare(lambda _line: None)

    election = Election.objects.get()
    assert 11 <= (day - election.election_day).days <= 17
    assert election.final_report_due < day
    lists = election_list(today=day)
    assert (lists.current, lists.past) == ([], [election])
    home = client.get("/en/").content.decode()
    assert home.index(election.name_en) > home.index('id="past-heading"')

    versions = ReportVersion.objects.filed().select_related("report__fund")
    assert versions.count() == 2 * election.funds.count()
    for version in versions:
        assert version.filed_at is not None and version.filed_at < moment
        assert not version.is_late
    for fund in election.funds.all():
        interim, final = (
            versions.get(report__fund=fund, report__kind=k) for k in ("interim", "final")
        )
        assert interim.filed_at < final.filed_at  # type: ignore[operator]

    planted = json.loads((demo_folder() / "planted.json").read_text(encoding="utf-8"))
    truth = {
        (p["rule"], p["fund"], p["source"], str(p.get("line"))) for p in planted if "rule" in p
    }
    found = {(f["rule"], f["fund"], f["source"], str(f["line"])) for f in findings_data(election)}
    # 60 money, 6 payee, 8 ad, 16 candidate and list, 17 protocol findings (5 outliers: 3
    # planted, 2 at the precincts that issued more ballots than voters)
    assert len(truth) == 107
    assert found == truth  # the same findings as on the day the story is written for

    original = versions.get(report__fund__code="ata-jurt", report__kind="final")
    correction = report_file(
        original.report.fund, "final", original.period_from, original.period_to,
        rows_of(original), channel="web", actor="treasurer-ata-jurt",
    ).version  # fmt: skip
    assert correction.supersedes == original
    assert original.filed_at is not None and correction.filed_at is not None
    assert original.filed_at < correction.filed_at
