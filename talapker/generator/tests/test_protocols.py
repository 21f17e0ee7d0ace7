"""The precinct protocols: one machine count for every station, as many voters as the
register build puts there, correct but where planted, and a result shaped as intended; an
independent reading (reference_protocols.py) finds exactly the planted findings."""

from __future__ import annotations

import zlib
from collections import defaultdict
from typing import Any

import pytest

from talapker.generator import SCALES
from talapker.generator.common import rng_for
from talapker.generator.outliers import SAFE, Spread
from talapker.generator.tally import Protocol, apportion, broken, drawn
from talapker.generator.vote_shares import NATIONAL, Pattern

from .conftest import Generated
from .reference_protocols import (
    RELATIONS,
    Protocols,
    outliers,
    screen_protocols,
    voters_by_station,
)

SCALE = SCALES["demo"]
OUTLIER = "PROTOCOL_TURNOUT_OUTLIER"
DIFFER = "PROTOCOL_MACHINE_MANUAL_DIFFER"
FIELDS = [
    "precinct", "registered", "ballots_received", "ballots_issued", "biometric_identified",
    "ballots_in_box", "invalid", "against_all", "votes", "count", "preferences",
]  # fmt: skip


@pytest.fixture(scope="module")
def protocols(demo: Generated) -> Protocols:
    return Protocols(demo.root)


def _findings(demo: Generated) -> list[dict[str, Any]]:
    return [e for e in demo.planted() if e.get("source") == "protocol"]


def test_every_station_has_one_machine_count_and_the_plants_their_other_files(
    demo: Generated, protocols: Protocols
) -> None:
    codes = [r["code"] for r in demo.rows("results/precincts.csv")]
    assert sorted(protocols.files) == sorted(codes)
    resent = {n["precinct"]: n for n in demo.notes("protocol_resent")}
    recounts = {n["precinct"]: n for n in demo.notes("protocol_recount")}
    assert len(resent) == SCALE.protocol_resent
    assert sorted(n["differs"] for n in recounts.values()) == [False] + [True] * 2
    for code, names in protocols.files.items():
        expected = [f"{code}.json"]
        if code in resent:
            expected.append(f"{code}.resent.json")
            assert [f"results/protocols/{n}" for n in expected] == resent[code]["files"]
        if code in recounts:
            expected.append(f"{code}.manual.json")
            assert [f"results/protocols/{n}" for n in expected] == recounts[code]["files"]
        assert names == expected  # sorted names are the order of arrival
    assert demo.summary["results/protocols"] == len(codes) + len(resent) + len(recounts)
    for code, doc in protocols.current.items():
        assert list(doc) == FIELDS and doc["precinct"] == code and doc["count"] == "machine"
        assert list(doc["votes"]) == protocols.parties
        assert list(doc["preferences"]) == protocols.parties
    for code, doc in protocols.manual.items():
        assert (
            doc["count"] == "manual" and doc["registered"] == protocols.current[code]["registered"]
        )


def test_registered_is_what_the_register_build_counts(
    demo: Generated, protocols: Protocols
) -> None:
    voters = voters_by_station(demo.root)
    assert {c: d["registered"] for c, d in protocols.current.items()} == {
        c: voters[c] for c in protocols.current
    }
    assert sum(voters.values()) > 50_000


def test_an_independent_reading_finds_exactly_the_planted_findings(demo: Generated) -> None:
    findings = _findings(demo)
    truth = {(f["rule"], f["line"]) for f in findings}
    assert len(truth) == len(findings)
    assert screen_protocols(demo.root) == truth
    for f in findings:
        assert (f["fund"], f["source"], f["amount"]) == (None, "protocol", None)
        assert f["severity"] == {
            "PROTOCOL_BIOMETRIC_MISMATCH": "warning",
            "PROTOCOL_MACHINE_MANUAL_DIFFER": "warning",
            "PROTOCOL_TURNOUT_OUTLIER": "notice",
        }.get(f["rule"], "violation")
        assert f["evidence"]
    assert {f["rule"] for f in findings} == {*RELATIONS, OUTLIER, DIFFER}


def test_the_first_arrivals_of_election_night_read_the_same(
    demo: Generated, protocols: Protocols
) -> None:
    """The demo's election night (talapker/demo/results.py) receives three precincts in five
    and every planted one first; the outlier test over those finds the planted outliers
    too, and nothing else."""
    planted = {f["line"] for f in _findings(demo)}
    multi = {code for code, names in protocols.files.items() if len(names) > 1}
    night = {c for c in protocols.files if zlib.crc32(c.encode()) % 5 < 3} | planted | multi
    truth = {f["line"] for f in _findings(demo) if f["rule"] == OUTLIER}
    assert outliers(protocols, night) == truth


def test_each_plant_at_its_own_precinct_breaking_one_relation(
    demo: Generated, protocols: Protocols
) -> None:
    by_rule: dict[str, list[str]] = defaultdict(list)
    for f in _findings(demo):
        by_rule[f["rule"]].append(f["line"])
    for rule in RELATIONS:
        assert len(by_rule[rule]) == SCALE.protocol_violations_per_rule, rule
    natural = [n["precinct"] for n in demo.notes("protocol_natural_outlier")]
    over = by_rule["PROTOCOL_ISSUED_OVER_REGISTERED"]
    assert len(by_rule["PROTOCOL_TURNOUT_OUTLIER"]) == SCALE.protocol_outliers + len(over) + len(
        natural
    )
    assert set(over) <= set(by_rule["PROTOCOL_TURNOUT_OUTLIER"])  # a turnout over 100 %
    assert by_rule["PROTOCOL_MACHINE_MANUAL_DIFFER"] == [
        n["precinct"] for n in demo.notes("protocol_recount") if n["differs"]
    ]
    sites = [code for rule, codes in by_rule.items() if rule not in RELATIONS for code in codes]
    sites = [c for c in sites if c not in over]
    sites += [code for rule in RELATIONS for code in by_rule[rule]]
    sites += [n["precinct"] for n in demo.notes("protocol_resent")]
    sites += [n["precinct"] for n in demo.notes("protocol_recount") if not n["differs"]]
    assert len(sites) == len(set(sites))  # one plant per precinct
    for code in protocols.first:  # the first of a re-sent pair breaks the sum only
        failed = [r for r, ok in RELATIONS.items() if not ok(protocols.first[code])]
        assert failed == ["PROTOCOL_SUM_MISMATCH"]
    for doc in protocols.manual.values():
        assert all(ok(doc) for ok in RELATIONS.values())
    for code in set(by_rule[OUTLIER]) - set(over) - set(natural):
        doc = protocols.effective[code]
        assert protocols.groups[code] != "abroad" and doc["registered"] >= 40
        assert doc["ballots_issued"] * 100 >= 95 * doc["registered"]
        assert max(doc["votes"].values()) * 100 >= 85 * doc["ballots_in_box"]
        assert all(ok(doc) for ok in RELATIONS.values())


def test_preferences_stay_within_the_votes_and_on_the_lists(
    demo: Generated, protocols: Protocols
) -> None:
    positions: dict[str, set[str]] = defaultdict(set)
    for c in demo.rows("election/candidates.csv"):
        positions[c["party_code"]].add(c["position"])
    marked = 0
    for doc in [*protocols.current.values(), *protocols.manual.values()]:
        for party, prefs in doc["preferences"].items():
            assert set(prefs) <= positions[party]
            assert all(n > 0 for n in prefs.values())
            assert sum(prefs.values()) <= doc["votes"][party]
            marked += sum(prefs.values())
    assert marked > 0


def test_the_result_is_shaped_as_intended(protocols: Protocols) -> None:
    """Seven parties over 5 % (6 to 8 allowed for the demo's rounding), some between 3 % and
    5 %; invalid and "against all" 1-3 % each; every district's turnout 35-65 %."""
    docs = protocols.current.values()
    box = sum(d["ballots_in_box"] for d in docs)
    shares = {p: sum(d["votes"][p] for d in docs) / box for p in protocols.parties}
    assert 6 <= sum(s >= 0.05 for s in shares.values()) <= 8
    assert sum(0.03 <= s < 0.05 for s in shares.values()) >= 2
    assert sorted(shares, key=shares.__getitem__)[-1] == "ata-jurt"
    for key in ("invalid", "against_all"):
        assert 0.01 <= sum(d[key] for d in docs) / box <= 0.03
    voters: dict[str, int] = defaultdict(int)
    issued: dict[str, int] = defaultdict(int)
    for code, d in protocols.current.items():
        voters[protocols.groups[code]] += d["registered"]
        issued[protocols.groups[code]] += min(d["ballots_issued"], d["registered"])
    turnouts = [issued[g] / voters[g] for g in voters]
    assert min(turnouts) >= 0.35 and max(turnouts) <= 0.66
    assert max(turnouts) - min(turnouts) > 0.15  # it varies by district


def test_national_shares_pass_the_threshold_as_planned() -> None:
    ranked = sorted(NATIONAL.values(), reverse=True)
    assert sum(s >= 5 for s in ranked) == 7
    assert sum(3 <= s < 5 for s in ranked) == 3
    assert 94 <= sum(ranked) <= 97  # with about 2 % invalid and 2 % against all


def _pattern(turnout: float = 0.5) -> Pattern:
    parties = [s / 100 for s in NATIONAL.values()]
    rest = 1 - sum(parties)
    return Pattern("g", "osh", turnout, (*parties, rest / 2, rest / 2), 0.6)


@pytest.mark.parametrize("voters", [600, 1_600, 3_000])
def test_a_big_station_stays_near_its_district(voters: int) -> None:
    """At the national scale: turnout within 4 points, every share within 3 points."""
    pattern = _pattern()
    rng = rng_for(1, "test")
    for i in range(300):
        p = drawn(rng, str(i), voters, pattern, frozenset())
        assert broken(p) == []
        assert abs(p.issued / voters - pattern.turnout) <= 0.04
        assert p.in_box <= p.issued <= voters < p.received <= voters * 1.03 + 1
        for v, share in zip(p.votes, pattern.shares, strict=False):
            assert abs(v / p.in_box - share) <= 0.03


def test_a_station_without_voters_reports_zeros() -> None:
    p = drawn(rng_for(1, "test"), "1", 0, _pattern(), frozenset())
    assert (p.registered, p.received, p.issued, p.in_box, sum(p.votes)) == (0, 0, 0, 0, 0)
    assert broken(p) == []


def test_thin_parties_get_no_ballot_at_a_small_station() -> None:
    pattern = _pattern()
    rng = rng_for(2, "test")
    for i in range(200):
        p = drawn(rng, str(i), 14, pattern, frozenset(range(7, 20)))
        assert broken(p) == [] and not any(p.votes[7:])


def test_largest_remainders_and_the_relations() -> None:
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(7, [0, 0]) == [4, 3]
    assert apportion(0, [1, 2]) == [0, 0]
    p = Protocol("1", 10, 11, 8, 8, 8, 1, 1, [3, 3])
    assert broken(p) == []
    assert broken(p.copy(biometric=7)) == ["PROTOCOL_BIOMETRIC_MISMATCH"]
    assert broken(p.copy(in_box=9)) == ["PROTOCOL_BOX_OVER_ISSUED", "PROTOCOL_SUM_MISMATCH"]


def test_the_outlier_limits() -> None:
    assert not Spread(0.5, 0.0).outlying(0.59, SAFE)  # too near, whatever the MAD
    assert Spread(0.5, 0.0).outlying(0.6, SAFE)  # a MAD of 0 counts as exceeding
    assert not Spread(0.5, 0.05).outlying(0.7, SAFE)  # z = 2.7
    assert Spread(0.5, 0.02).outlying(0.7, SAFE)
