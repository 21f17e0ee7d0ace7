"""The results as they stand: the tally read once, the thresholds, the seats and the elected
candidates (`seats.py` does the arithmetic), for the command, the page and the API.

- Took part: the ballots issued (the voters who signed for a ballot), the CEC's base for the
  thresholds; turnout is that over the voters on the lists of the precincts reporting, and
  the register's count for the whole election is shown beside it.
- The regional threshold applies in each region at home (abroad is not a region).
- A party's seats go to its candidates by preferential votes (women first, `fill_seats`);
  a candidate the commission refused, or whom the party replaced, is passed over.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Sum

from talapker.candidates.models import Candidate, CandidateDecision, Decision
from talapker.elections.models import Election
from talapker.parties.models import Party
from talapker.results import seats, tally
from talapker.results.models import Approval, Protocol
from talapker.voters.models import Precinct, StationCount


@dataclass
class PartyResult:
    code: str
    name: str
    votes: int
    percent: str
    passed: bool
    seats: int = 0
    elected: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Standing:
    election: Election
    totals: dict[str, int]
    precincts: int
    reporting: int
    register: int
    parties: list[PartyResult]
    approved: Approval | None
    method: str

    @property
    def provisional(self) -> bool:
        return self.approved is None

    @property
    def reporting_percent(self) -> str:
        return percent(self.reporting, self.precincts)

    @property
    def turnout_percent(self) -> str:
        return percent(self.totals.get("ballots_issued", 0), self.totals.get("registered", 0))

    def as_json(self) -> dict[str, Any]:
        return {
            "election": self.election.code,
            "status": "provisional" if self.provisional else "approved",
            "approved_at": self.approved.approved_at.isoformat() if self.approved else None,
            "precincts": self.precincts,
            "reporting": self.reporting,
            "reporting_percent": self.reporting_percent,
            "registered_in_register": self.register,
            **{key: self.totals.get(key, 0) for key in tally.NUMBERS},
            "turnout_percent": self.turnout_percent,
            "allocation_method": self.method,
            "seats": sum(p.seats for p in self.parties),
            "parties": [
                {
                    "party": p.code,
                    "name": p.name,
                    "votes": p.votes,
                    "percent": p.percent,
                    "passed_threshold": p.passed,
                    "seats": p.seats,
                    "elected": p.elected,
                }
                for p in self.parties
            ],
        }


def percent(part: int, whole: int) -> str:
    if not whole:
        return "0.00"
    return _round2(Fraction(100 * part, whole))


def _round2(value: Fraction) -> str:
    """A percentage to two decimals, half up, exactly."""
    hundredths = (value * 100 + Fraction(1, 2)).__floor__()
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def tally_digest(sums: dict[tally.Area, dict[str, int]]) -> str:
    body = json.dumps(
        sorted(
            [kind, area, item, value]
            for (kind, area), items in sums.items()
            for item, value in items.items()
        ),
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def standing(election: Election) -> Standing:
    sums = tally.read(election.pk)
    totals = sums.get((tally.ALL, ""), {})
    parties = list(Party.objects.filter(election=election))
    votes = {p.code: totals.get(f"party:{p.code}", 0) for p in parties}
    took_part = totals.get("ballots_issued", 0)
    regions = {
        area: ({p: items.get(f"party:{p}", 0) for p in votes}, items.get("ballots_issued", 0))
        for (kind, area), items in sums.items()
        if kind == tally.REGION
    }
    passed = seats.passing(
        votes,
        took_part,
        Fraction(str(election.rule("threshold_percent"))),
        regions,
        Fraction(str(election.rule("regional_threshold_percent"))),
    )
    method = election.rule("allocation_method")
    won: dict[str, int] = {}
    if method != "top_n" and passed:
        won = seats.allocate(
            {p: votes[p] for p in passed},
            election.rule("seats"),
            method=method,
            max_share=Fraction(str(election.rule("max_seat_share"))),
        )
    results = [
        PartyResult(
            code=p.code,
            name=p.name,
            votes=votes[p.code],
            percent=percent(votes[p.code], took_part),
            passed=p.code in passed,
            seats=won.get(p.code, 0),
        )
        for p in parties
    ]
    _elect(election, results, totals, Fraction(str(election.rule("women_seat_share"))))
    return Standing(
        election=election,
        totals=totals,
        precincts=_precincts(election),
        reporting=totals.get(tally.PRECINCTS, 0),
        register=StationCount.objects.filter(election=election).aggregate(n=Sum("voters"))["n"]
        or 0,
        parties=sorted(results, key=lambda r: -r.votes),  # ties stay in ballot order
        approved=Approval.objects.filter(election=election).first(),
        method=method,
    )


def _precincts(election: Election) -> int:
    """The stations that will report: those the register puts voters at (and any other that
    reported), else, with no register built, every station."""
    counted = StationCount.objects.filter(election=election)
    if not counted.exists():
        return Precinct.objects.count()
    others = Protocol.objects.filter(election=election, effective=True).exclude(
        precinct__in=counted.values("precinct")
    )
    return counted.count() + others.count()


def _elect(
    election: Election, results: list[PartyResult], totals: dict[str, int], women: Fraction
) -> None:
    winners = [r for r in results if r.seats]
    if not winners:
        return
    out = _passed_over(election)
    for r in winners:
        pool = [
            c
            for c in Candidate.objects.filter(party__election=election, party__code=r.code)
            if (r.code, c.position, c.person_ref) not in out
        ]
        contenders = [
            seats.Contender(
                ref=str(c.position),
                votes=totals.get(f"pref:{r.code}:{c.position}", 0),
                sex=c.sex,
                position=c.position,
            )
            for c in pool
        ]
        by_place = {str(c.position): c for c in pool}
        for ref in seats.fill_seats(contenders, r.seats, women):
            c = by_place[ref]
            r.elected.append(
                {
                    "position": c.position,
                    "name": c.full_name,
                    "sex": c.sex,
                    "preferential_votes": totals.get(f"pref:{r.code}:{c.position}", 0),
                }
            )
        # Shown by preferential votes (the fill put the women's places first).
        r.elected.sort(key=lambda c: (-c["preferential_votes"], c["position"]))


def _passed_over(election: Election) -> set[tuple[str, int, str]]:
    """The people at their places whom the commission refused or the party replaced (the
    latest decision on each)."""
    latest: dict[tuple[str, int, str], str] = {}
    rows = CandidateDecision.objects.filter(election=election).order_by("decided_at", "pk")
    fields = ("party__code", "position", "person_ref", "decision")
    for party, position, person, decision in rows.values_list(*fields):
        latest[(party, position, person)] = decision
    return {place for place, d in latest.items() if d in (Decision.REFUSED, Decision.REPLACED)}
