"""The planted candidate and list findings of one demo generation against the independent
reading of rules.md (``reference.screen_candidates``): 100% precision and recall, and the
near misses where the notes say."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from talapker.core.identifiers import is_pin
from talapker.core.names import name_key

from .conftest import Generated
from .reference import CandidateKey, screen_candidates

CANDIDATE_RULES = {
    "CANDIDATE_PIN_UNKNOWN": 2,
    "CANDIDATE_NAME_MISMATCH": 1,
    "CANDIDATE_DECEASED": 1,
    "CANDIDATE_NOT_CITIZEN": 2,
    "CANDIDATE_OTHER_CITIZENSHIP": 1,
    "CANDIDATE_AGE": 1,
    "CANDIDATE_EDUCATION": 2,
    "CANDIDATE_CONVICTION": 1,
    "CANDIDATE_ON_TWO_LISTS": 2,
    "LIST_TOO_LONG": 1,
    "LIST_SEX_SHARE": 1,
    "LIST_YOUNG_SHARE": 1,
}


def planted_candidate_keys(g: Generated) -> set[CandidateKey]:
    """The planted candidate findings, keyed as the reference keys its own."""
    entries = [e for e in g.planted() if e.get("source") == "candidate"]
    keys = {(e["rule"], e["fund"], e["source"], str(e.get("line"))) for e in entries}
    assert len(keys) == len(entries)  # no finding planted twice
    return keys


def _row(g: Generated, party: str, position: int) -> dict[str, str]:
    return next(
        c
        for c in g.rows("election/candidates.csv")
        if (c["party_code"], c["position"]) == (party, str(position))
    )


def _election_day(g: Generated) -> date:
    doc: dict[str, Any] = json.loads((g.root / "election/election.json").read_text("utf-8"))
    return date.fromisoformat(doc["election_day"])


def test_candidate_findings_are_the_whole_truth(demo: Generated) -> None:
    assert screen_candidates(demo.root) == planted_candidate_keys(demo)


def test_every_candidate_rule_is_planted(demo: Generated) -> None:
    entries = [e for e in demo.planted() if e.get("source") == "candidate"]
    assert Counter(e["rule"] for e in entries) == CANDIDATE_RULES
    for e in entries:
        warning = e["rule"] in ("CANDIDATE_NAME_MISMATCH", "LIST_YOUNG_SHARE")
        assert e["severity"] == ("warning" if warning else "violation"), e
        assert ("line" in e) == e["rule"].startswith("CANDIDATE_"), e
        if "line" in e:
            assert isinstance(e["line"], int) and e["line"] >= 5, e
            assert _row(demo, e["fund"], e["line"])["pin"] == e["evidence"]["pin"]


def test_the_planted_pins(demo: Generated) -> None:
    """One unknown PIN is well-formed and agrees with the filed birth date and sex, one is
    malformed; the person on two lists stands on two different parties' lists."""
    unknown = [e for e in demo.planted() if e.get("rule") == "CANDIDATE_PIN_UNKNOWN"]
    assert sorted(is_pin(e["evidence"]["pin"]) for e in unknown) == [False, True]
    for e in unknown:
        row = _row(demo, e["fund"], e["line"])
        if is_pin(row["pin"]):
            born = date.fromisoformat(row["birth_date"])
            assert row["pin"][1:9] == f"{born:%d%m%Y}"
            assert row["pin"][0] == ("2" if row["sex"] == "M" else "1")
    twice = [e for e in demo.planted() if e.get("rule") == "CANDIDATE_ON_TWO_LISTS"]
    assert len({e["fund"] for e in twice}) == 2 and len({e["evidence"]["pin"] for e in twice}) == 1


def test_near_misses_are_where_the_notes_say(demo: Generated) -> None:
    people = {r["pin"]: r for r in demo.rows("registers/population.csv")}
    (latin,) = demo.notes("candidate_latin_name")
    row = _row(demo, latin["party"], latin["position"])
    p = people[row["pin"]]
    filed = name_key(row["surname"], row["name"], row["patronymic"])
    assert row["surname"].isascii() and not p["surname"].isascii()
    assert fuzz.token_sort_ratio(filed, name_key(p["surname"], p["name"], p["patronymic"])) >= 85
    (exact,) = demo.notes("candidate_age_25")
    born = date.fromisoformat(
        people[_row(demo, exact["party"], exact["position"])["pin"]]["birth_date"]
    )
    day = _election_day(demo)
    assert born == day.replace(year=day.year - 25)  # the 25th birthday is election day
    (expunged,) = demo.notes("candidate_expunged_conviction")
    rows = [c for c in demo.rows("registers/convictions.csv") if c["pin"] == expunged["pin"]]
    assert [c["expunged"] for c in rows] == ["1"]
    (share,) = demo.notes("near_miss_list_sex_share")
    sexes = Counter(
        c["sex"] for c in demo.rows("election/candidates.csv") if c["party_code"] == share["party"]
    )
    assert max(sexes.values()) * 100 == 70 * sum(sexes.values())
