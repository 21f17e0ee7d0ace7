"""The reference date: the same story (people, rows, amounts, findings) on any day, its dates
moved by whole weeks so that the campaign has just ended and every report is due before it."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from talapker.generator import generate
from talapker.generator.common import WRITTEN_TODAY

from .conftest import Generated
from .reference import screen_candidates
from .reference_protocols import Protocols, screen_protocols, voters_by_station
from .test_candidates import planted_candidate_keys

#: across a 29 February from the written story, where a birthday moves a day against a date
LATER = date(2029, 3, 1)


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = tmp_path_factory.mktemp("moved")
    return Generated(root, generate(root, "demo", seed=2026, today=LATER))


def _election(g: Generated) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        (g.root / "election" / "election.json").read_text(encoding="utf-8")
    )
    return doc


def _shift(demo: Generated, moved: Generated) -> timedelta:
    return date.fromisoformat(_election(moved)["election_day"]) - date.fromisoformat(
        _election(demo)["election_day"]
    )


def _moved_reference(reference: str, shift: timedelta) -> str:
    """A bank reference (prefix, YYMMDD of booking, serial) with its date moved."""
    booked = date(2000 + int(reference[4:6]), int(reference[6:8]), int(reference[8:10]))
    return f"{reference[:4]}{booked + shift:%y%m%d}{reference[10:]}"


def test_the_campaign_has_just_ended_on_the_reference_date(moved: Generated) -> None:
    doc = _election(moved)
    election_day = date.fromisoformat(doc["election_day"])
    assert election_day.weekday() == 6  # a Sunday, as written
    assert 11 <= (LATER - election_day).days <= 17
    final_due = election_day + timedelta(days=doc["rules"]["final_report_days_after"])
    assert final_due < LATER
    assert doc["code"] == f"jk-{election_day.year}"
    assert str(election_day.year) in doc["name"]["ru"]
    for account in moved.rows("election/accounts.csv"):
        assert account["opened_on"] >= doc["campaign_start"]


def test_another_reference_date_moves_the_same_story(demo: Generated, moved: Generated) -> None:
    shift = _shift(demo, moved)
    assert shift.days % 7 == 0 and shift.days > 0
    assert moved.summary == demo.summary

    def truth(g: Generated, by: timedelta) -> list[tuple[Any, ...]]:
        out = []
        for p in g.planted():
            line = str(p.get("line"))
            if p.get("source") == "bank":  # the bank's reference carries the booking date
                line = _moved_reference(line, by)
            key = (p.get("rule"), p.get("kind"), p.get("fund"), p.get("source"), line)
            out.append((*key, p.get("amount"), p.get("severity")))
        return sorted(out, key=repr)

    assert truth(moved, timedelta(0)) == truth(demo, shift)

    reports = sorted((demo.root / "reports").rglob("*.csv"))
    assert len(reports) == 4 * 20
    for path in reports:
        rel = str(path.relative_to(demo.root))
        before, after = demo.rows(rel), moved.rows(rel)
        assert len(before) == len(after), rel
        for b, a in zip(before, after, strict=True):
            assert date.fromisoformat(b["date"]) + shift == date.fromisoformat(a["date"])
            assert (b["line"], b["amount"], b["method"]) == (a["line"], a["amount"], a["method"])
    for path in sorted((demo.root / "statements").glob("*.csv")):
        rel = str(path.relative_to(demo.root))
        before, after = demo.rows(rel), moved.rows(rel)
        assert [r["amount"] for r in before] == [r["amount"] for r in after], rel
        for b, a in zip(before, after, strict=True):
            assert date.fromisoformat(b["booking_date"]) + shift == date.fromisoformat(
                a["booking_date"]
            )


def test_the_candidate_findings_hold_on_a_moved_calendar(moved: Generated) -> None:
    """Ages are reckoned on the moved election day; the planted candidates stay exactly
    what they were (the 25-year-old turns 25 on the moved election day too)."""
    assert screen_candidates(moved.root) == planted_candidate_keys(moved)


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_same_week_gives_the_same_files(moved: Generated, tmp_path: Path) -> None:
    """Deterministic for a seed and a reference date; a reference date two days on falls in
    the same week, so the files are the same byte for byte."""
    again = tmp_path / "again"
    generate(again, "demo", seed=2026, today=LATER + timedelta(days=2), workers=2)
    assert _digest(again) == _digest(moved.root)


def test_the_default_is_the_story_as_written(demo: Generated) -> None:
    doc = _election(demo)
    assert (doc["code"], doc["election_day"]) == ("jk-2026", "2026-11-29")
    assert (WRITTEN_TODAY - date(2026, 11, 29)).days == 11


@pytest.mark.parametrize("name", ["demo", "moved"])
def test_no_gift_falls_within_a_day_of_the_donors_coming_of_age(
    name: str, request: pytest.FixtureRequest
) -> None:
    """Screening reckons a donor's age on the contribution's date; as no individual gift
    falls within a day of the donor's 18th birthday, the findings cannot change when the
    story moves and a birthday moves a day against the gift across a 29 February."""
    g: Generated = request.getfixturevalue(name)
    born = {
        r["pin"]: date.fromisoformat(r["birth_date"]) for r in g.rows("registers/population.csv")
    }

    def adult(birth: date, on: date) -> bool:
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day)) >= 18

    gifts = 0
    for path in sorted((g.root / "reports").glob("*/final/contributions.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                birth = born.get(row["donor_id"])
                if row["donor_kind"] != "individual" or birth is None:
                    continue
                gifts += 1
                day = date.fromisoformat(row["date"])
                around = {adult(birth, day + timedelta(days=k)) for k in (-1, 0, 1)}
                assert len(around) == 1, (path, row["line"])
    assert gifts > 1000


def test_the_protocols_count_the_voters_of_the_moved_calendar(
    demo: Generated, moved: Generated
) -> None:
    """Across a 29 February one born on the limit day can be 18 on election day or not: each
    protocol holds the register build's own count on the moved calendar, the rest of the
    story stays, and the protocols read as planted."""
    voters = voters_by_station(moved.root)
    now = {c: d["registered"] for c, d in Protocols(moved.root).current.items()}
    before = {c: d["registered"] for c, d in Protocols(demo.root).current.items()}
    assert now == {c: voters[c] for c in now}
    assert 0 < sum(now[c] != before[c] for c in now) < 10
    truth = {(e["rule"], e["line"]) for e in moved.planted() if e.get("source") == "protocol"}
    assert screen_protocols(moved.root) == truth
