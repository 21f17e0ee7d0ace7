"""Election forensics: what the numbers of the precincts say about each other.

- `PROTOCOL_TURNOUT_OUTLIER` (rules.md): in each group of precincts (a home district, or all
  stations abroad) with at least `outlier_min_precincts` reporting, a precinct whose turnout
  (ballots issued / voters on the list) or a party's share (votes / ballots in the boxes)
  lies far from the group's: the modified z-score 0.6745·|x − median| / MAD exceeds
  `outlier_z` (Iglewicz and Hoaglin, 1993: 3.5) and the distance is at least
  `outlier_min_points` percentage points, so that a tight district does not flag a precinct
  one vote off. The median and the median absolute deviation (MAD) resist the very outliers
  they look for, as a mean and a standard deviation would not. Recomputed for the group of
  each arriving protocol, in its transaction.
- The distribution of the last digits of the parties' votes (Beber and Scacco, 2012: in fair
  counts of tens and more, each last digit comes about a tenth of the time; invented
  numbers favour some), with Pearson's chi-square against the uniform distribution.
- The distribution of turnout over precincts, and turnout against the leading party's share
  (Klimek et al., 2012, "Statistical detection of systematic election irregularities":
  ballot stuffing shows as a cluster of precincts with high turnout and a high share).
Exact fractions throughout; no floats decide a flag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from talapker.elections.models import Election
from talapker.results.checks import NOTICE, TURNOUT_OUTLIER
from talapker.results.models import PrecinctFlag, Protocol
from talapker.voters.models import HOME, Precinct

CONSISTENCY = Fraction(6745, 10000)  # 1 / Φ⁻¹(3/4): the MAD of a normal sample ≈ 0.6745 σ
ABROAD_GROUP = "abroad"
TURNOUT = "turnout"
# Pearson's chi-square with 9 degrees of freedom exceeds this one time in twenty by chance.
CHI2_9_95 = Fraction(16919, 1000)
LAST_DIGIT_FROM = 10  # counts below this say nothing about their last digit
# The chi-square test holds when each digit expects five counts or more (Cochran's rule):
# with fewer counts the page gives no verdict.
LAST_DIGIT_ENOUGH = 50


@dataclass(frozen=True)
class Observation:
    precinct: str
    metrics: dict[str, Fraction]


def group_of(station: Precinct) -> str:
    if station.country != HOME:
        return ABROAD_GROUP
    return f"{station.region}|{station.district}"


def group_stations(station: Precinct) -> QuerySet[Precinct]:
    """The stations of a station's group."""
    if station.country != HOME:
        return Precinct.objects.exclude(country=HOME)
    return Precinct.objects.filter(country=HOME, region=station.region, district=station.district)


def observe(protocol: Protocol) -> Observation:
    """A protocol's turnout and each party's share, where their base is not zero."""
    return _observation(
        protocol.precinct,
        protocol.registered,
        protocol.ballots_issued,
        protocol.ballots_in_box,
        protocol.votes,
    )


def _observation(
    precinct: str, registered: int, issued: int, in_box: int, votes: dict[str, int]
) -> Observation:
    metrics: dict[str, Fraction] = {}
    if registered:
        metrics[TURNOUT] = Fraction(issued, registered)
    if in_box:
        for party, n in votes.items():
            metrics[f"party:{party}"] = Fraction(n, in_box)
    return Observation(precinct, metrics)


def _median(values: list[Fraction]) -> Fraction:
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def outliers(
    group: str,
    observations: list[Observation],
    *,
    z: Fraction,
    min_points: Fraction,
    min_precincts: int,
) -> dict[str, dict[str, Any]]:
    """The precincts of one group that are outliers, each with the evidence: every metric
    that sets it apart, its value, the group's median and MAD, and the score."""
    if len(observations) < min_precincts:
        return {}
    found: dict[str, dict[str, Any]] = {}
    names = sorted({m for o in observations for m in o.metrics})
    for name in names:
        values = [o.metrics[name] for o in observations if name in o.metrics]
        if len(values) < min_precincts or not _may_stand_out(values, min_points):
            continue
        middle = _median(values)
        mad = _median([abs(v - middle) for v in values])
        for o in observations:
            value = o.metrics.get(name)
            if value is None:
                continue
            distance = abs(value - middle)
            if distance * 100 < min_points:
                continue
            score = None if mad == 0 else CONSISTENCY * distance / mad
            if score is not None and score <= z:
                continue
            evidence = found.setdefault(
                o.precinct, {"group": group, "precincts": len(observations), "metrics": []}
            )
            evidence["metrics"].append(
                {
                    "metric": name,
                    "value": _percent(value),
                    "median": _percent(middle),
                    "mad": _percent(mad),
                    "z": None if score is None else f"{float(score):.1f}",
                }
            )
    return found


def _may_stand_out(values: list[Fraction], min_points: Fraction) -> bool:
    """Whether any value lies near `min_points` or more from the median, by a quick float
    pass: most metrics of most groups end here, and only the others are worked exactly
    (the margin covers any rounding of the floats)."""
    floats = sorted(float(v) for v in values)
    n = len(floats)
    middle = floats[n // 2] if n % 2 else (floats[n // 2 - 1] + floats[n // 2]) / 2
    reach = float(min_points) / 100 - 1e-9
    return floats[-1] - middle >= reach or middle - floats[0] >= reach


def _percent(value: Fraction) -> str:
    return f"{float(value * 100):.1f}"


def refresh_group(election: Election, station: Precinct) -> None:
    """Recompute the outliers of a station's group and write what changed."""
    codes = group_stations(station).values("code")  # a subquery: one query, not two
    rows = Protocol.objects.filter(election=election, effective=True, precinct__in=codes)
    columns = ("precinct", "registered", "ballots_issued", "ballots_in_box", "votes")
    found = outliers(
        group_of(station),
        [_observation(*row) for row in rows.values_list(*columns)],
        z=Fraction(str(election.rule("outlier_z"))),
        min_points=Fraction(str(election.rule("outlier_min_points"))),
        min_precincts=election.rule("outlier_min_precincts"),
    )
    held = {
        f.precinct: f
        for f in PrecinctFlag.objects.filter(
            election=election, rule=TURNOUT_OUTLIER, precinct__in=codes
        )
    }
    gone = [f.pk for code, f in held.items() if code not in found]
    if gone:
        PrecinctFlag.objects.filter(pk__in=gone).delete()
    now = timezone.now()
    for code, evidence in found.items():
        flag = held.get(code)
        if flag is None:
            PrecinctFlag.objects.create(
                election=election,
                precinct=code,
                rule=TURNOUT_OUTLIER,
                severity=NOTICE,
                evidence=evidence,
                raised_at=now,
            )
        elif flag.evidence != evidence:
            flag.evidence = evidence
            flag.save(update_fields=["evidence"])


def digits_judgeable(total: int) -> bool:
    """Whether the last-digit test may judge `total` counts (`LAST_DIGIT_ENOUGH`)."""
    return total >= LAST_DIGIT_ENOUGH


def last_digits(protocols: Iterable[Protocol]) -> dict[str, Any]:
    """How often each last digit ends a party's votes at a precinct (counts of at least
    `LAST_DIGIT_FROM`), and the chi-square against a tenth each."""
    digits: Counter[int] = Counter()
    for p in protocols:
        for votes in p.votes.values():
            if votes >= LAST_DIGIT_FROM:
                digits[votes % 10] += 1
    n = sum(digits.values())
    chi2 = (
        sum((Fraction(digits[d]) - Fraction(n, 10)) ** 2 / Fraction(n, 10) for d in range(10))
        if n
        else Fraction(0)
    )
    return {
        "counts": [digits[d] for d in range(10)],
        "total": n,
        "chi_square": f"{float(chi2):.2f}",
        "uniform": chi2 <= CHI2_9_95,
    }


def turnout_histogram(protocols: Iterable[Protocol], width: int = 5) -> list[int]:
    """Precincts by turnout, in bins of `width` percentage points (the last bin holds 100 %
    and more)."""
    bins = [0] * (100 // width + 1)
    for p in protocols:
        if p.registered:
            percent = Fraction(100 * p.ballots_issued, p.registered)
            bins[min(int(percent // width), len(bins) - 1)] += 1
    return bins


def fingerprint(protocols: Iterable[Protocol], leader: str, cells: int = 10) -> list[list[int]]:
    """Precincts by turnout (columns) and the leading party's share (rows, highest first),
    in `cells` × `cells` bins: the "election fingerprint" of Klimek et al."""
    grid = [[0] * cells for _ in range(cells)]
    for p in protocols:
        if not p.registered or not p.ballots_in_box:
            continue
        x = min(int(Fraction(p.ballots_issued, p.registered) * cells), cells - 1)
        y = min(int(Fraction(p.votes.get(leader, 0), p.ballots_in_box) * cells), cells - 1)
        grid[cells - 1 - y][x] += 1
    return grid


def district_patterns(
    protocols: Iterable[Protocol], stations: Mapping[str, Precinct], parties: list[str]
) -> list[dict[str, Any]]:
    """Per group: precincts, turnout, each party's share, and how turnout and each party's
    share go together across its precincts (Spearman's rank correlation; empty below three
    precincts): a party whose share rises with turnout is where stuffing would show."""
    groups: dict[str, list[Protocol]] = {}
    for p in protocols:
        station = stations.get(p.precinct)
        if station is not None:
            groups.setdefault(group_of(station), []).append(p)
    table = []
    for group, rows in sorted(groups.items()):
        registered = sum(p.registered for p in rows)
        in_box = sum(p.ballots_in_box for p in rows)
        turnouts = [
            Fraction(p.ballots_issued, p.registered) if p.registered else Fraction(0) for p in rows
        ]
        shares = []
        for party in parties:
            votes = sum(p.votes.get(party, 0) for p in rows)
            party_shares = [
                Fraction(p.votes.get(party, 0), p.ballots_in_box)
                if p.ballots_in_box
                else Fraction(0)
                for p in rows
            ]
            shares.append(
                {
                    "party": party,
                    "share": _percent(Fraction(votes, in_box)) if in_box else None,
                    "rho": _spearman(turnouts, party_shares),
                }
            )
        region, _bar, district = group.partition("|")
        table.append(
            {
                "group": group,
                "region": region,
                "district": district,
                "precincts": len(rows),
                "turnout": (
                    _percent(Fraction(sum(p.ballots_issued for p in rows), registered))
                    if registered
                    else None
                ),
                "parties": shares,
            }
        )
    return table


def _ranks(values: list[Fraction]) -> list[Fraction]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [Fraction(0)] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = Fraction(i + j, 2)
        i = j + 1
    return ranks


def _spearman(xs: list[Fraction], ys: list[Fraction]) -> str | None:
    if len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if not vx or not vy:
        return None
    return f"{float(cov) / (float(vx) * float(vy)) ** 0.5:.2f}"
