"""What the voters chose: the parties' national shares, their strongholds, and each group of
stations' pattern (turnout, invalid ballots, "against all", every party's share), around
which the precinct protocols are drawn (:mod:`.protocols`).

A group is a district at home (its region and district) or all the stations abroad together:
the unit whose precincts look alike, and the unit the outlier test compares a precinct
with (:mod:`.outliers`).

The shares are synthetic, shaped like the 2021 party-list election (six parties over 5 %,
Ata-Jurt Kyrgyzstan first with 17 %; docs/results.md): seven parties clear the 5 %
threshold, three land between 3 % and 5 % and ten below 3 %, with about 2 % invalid and
2 % "against all" (shares of all ballots in the box, the CEC's denominator). Each region
favours some parties (:data:`STRONGHOLDS`) and each district varies a little more; the
districts' shares are then scaled together until the country's totals, weighted by each
district's voters and turnout, come back to :data:`NATIONAL`, so that the thresholds fall
where intended whatever the regional colour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .common import rng_for
from .regions import REGION_BY_KY
from .stations import HOME, Station

ABROAD = "abroad"

#: each party's share of all ballots in the box, in percent (parties in catalogue order);
#: with about 2 % invalid and 2 % "against all" they make 100
NATIONAL: dict[str, float] = {
    "ata-jurt": 17.5, "ishenim": 13.5, "mekenchil": 8.6, "yntymak": 11.0,
    "butun-kyrgyzstan": 7.2, "social-democrats": 5.8, "ata-meken": 4.4, "respublika": 3.9,
    "yiman-nuru": 6.3, "jashyl": 3.5, "akyikattyk": 2.6, "jashtar": 2.2, "dyikandar": 1.9,
    "onuguu": 1.6, "kelechek": 1.3, "el-unu": 1.1, "asaba": 1.0, "ordo": 0.9,
    "jangy-kuch": 0.8, "zamandash": 0.7,
}  # fmt: skip
#: a party outside the table (not in the catalogue today)
OTHER_SHARE = 1.0

#: by region code (or "abroad"): how much more (or less) a party is voted for there
STRONGHOLDS: dict[str, dict[str, float]] = {
    "bishkek": {"social-democrats": 1.8, "jashyl": 1.6, "ata-meken": 1.3, "respublika": 1.3,
                "ishenim": 1.2, "ata-jurt": 0.7, "mekenchil": 0.7, "yiman-nuru": 0.6},
    "osh-city": {"yiman-nuru": 1.5, "ata-jurt": 1.3, "mekenchil": 1.3,
                 "social-democrats": 0.6},
    "batken": {"ata-jurt": 1.3, "mekenchil": 1.3, "yiman-nuru": 1.2, "jashyl": 0.6},
    "jalal-abad": {"butun-kyrgyzstan": 1.7, "ata-meken": 1.5, "ata-jurt": 1.15,
                   "yntymak": 0.8},
    "issyk-kul": {"yntymak": 1.5, "el-unu": 1.4, "ishenim": 1.2, "yiman-nuru": 0.7},
    "naryn": {"dyikandar": 1.6, "yntymak": 1.4, "ata-jurt": 0.9},
    "osh": {"mekenchil": 1.4, "yiman-nuru": 1.4, "ata-jurt": 1.35, "butun-kyrgyzstan": 1.1,
            "ishenim": 0.8, "social-democrats": 0.5},
    "talas": {"respublika": 2.0, "akyikattyk": 1.3, "ishenim": 1.1, "ata-jurt": 0.8},
    "chui": {"ishenim": 1.4, "yntymak": 1.3, "social-democrats": 1.3, "ata-jurt": 0.8},
    ABROAD: {"jashtar": 1.5, "social-democrats": 1.4, "butun-kyrgyzstan": 1.3,
             "ata-meken": 1.2, "yiman-nuru": 0.8},
}  # fmt: skip
#: by region code (or "abroad"): the range a district's turnout is drawn from (the cities
#: vote least, the south most; about half of those registered abroad come)
TURNOUT: dict[str, tuple[float, float]] = {
    "bishkek": (0.35, 0.42), "osh-city": (0.40, 0.48), "chui": (0.42, 0.52),
    "issyk-kul": (0.45, 0.55), "talas": (0.50, 0.60), "naryn": (0.52, 0.62),
    "jalal-abad": (0.50, 0.62), "osh": (0.52, 0.65), "batken": (0.53, 0.65),
    ABROAD: (0.42, 0.52),
}  # fmt: skip
#: how far a district departs from its region's colour, party by party (a factor)
DISTRICT_SPREAD = (0.85, 1.18)
#: invalid ballots and "against all", each a share of the ballots in the box
INVALID = (0.01, 0.03)
AGAINST_ALL = (0.01, 0.03)
#: the part of a party's voters who also mark a candidate of its list (open lists)
PREFERRING = (0.45, 0.7)
_CALIBRATION_ROUNDS = 12
#: how much of the gap between what came out and :func:`targets` one refit closes
_DAMPING = 0.6


@dataclass(frozen=True)
class Pattern:
    """What a group of stations voted, on average."""

    label: str
    region: str  # region code, or "abroad"
    turnout: float
    #: shares of the ballots in the box: each party's (in party order), invalid, against all
    shares: tuple[float, ...]
    preferring: float


def group_of(station: Station) -> str:
    """The group a station is compared within: its region and district, or "abroad"."""
    return f"{station.region} / {station.district}" if station.country == HOME else ABROAD


def _region_code(station: Station) -> str:
    return REGION_BY_KY[station.region].code if station.country == HOME else ABROAD


def patterns(
    seed: int, parties: list[str], stations: list[Station], voters: dict[str, int]
) -> dict[str, Pattern]:
    """Every group's pattern, by :func:`group_of` (groups in the stations' order)."""
    rng = rng_for(seed, "vote-patterns")
    regions: dict[str, str] = {}
    weight: dict[str, float] = {}
    for s in stations:
        g = group_of(s)
        regions.setdefault(g, _region_code(s))
        weight[g] = weight.get(g, 0.0) + voters.get(s.code, 0)
    drawn: dict[str, tuple[float, float, float, float]] = {}
    raw: dict[str, list[float]] = {}
    for g, region in regions.items():
        lo, hi = TURNOUT[region]
        drawn[g] = (
            rng.uniform(lo, hi),
            rng.uniform(*INVALID),
            rng.uniform(*AGAINST_ALL),
            rng.uniform(*PREFERRING),
        )
        colour = STRONGHOLDS.get(region, {})
        raw[g] = [
            NATIONAL.get(p, OTHER_SHARE) * colour.get(p, 1.0) * rng.uniform(*DISTRICT_SPREAD)
            for p in parties
        ]
        weight[g] *= drawn[g][0]  # ballots cast, roughly
    shares = _calibrate(parties, raw, {g: 1 - d[1] - d[2] for g, d in drawn.items()}, weight)
    return {
        g: Pattern(g, regions[g], d[0], (*shares[g], d[1], d[2]), d[3]) for g, d in drawn.items()
    }


def _calibrate(
    parties: list[str],
    raw: dict[str, list[float]],
    room: dict[str, float],
    weight: dict[str, float],
) -> dict[str, list[float]]:
    """Each group's party shares (summing to its ``room``), scaled party by party until the
    weighted national totals are :data:`NATIONAL` (iterative proportional fitting)."""
    total = sum(weight.values()) or 1.0
    target = [NATIONAL.get(p, OTHER_SHARE) / 100 for p in parties]
    shares = raw
    for _ in range(_CALIBRATION_ROUNDS):
        shares = {g: [x * room[g] / sum(xs) for x in xs] for g, xs in shares.items()}
        national = [sum(weight[g] * xs[i] for g, xs in shares.items()) / total or 1.0
                    for i in range(len(parties))]  # fmt: skip
        shares = {g: [x * t / n for x, t, n in zip(xs, target, national, strict=True)]
                  for g, xs in shares.items()}  # fmt: skip
    return {g: [x * room[g] / sum(xs) for x in xs] for g, xs in shares.items()}


def targets(parties: list[str]) -> list[float]:
    """The country's shares of the ballots in the box: every party's (:data:`NATIONAL`),
    invalid, against all (the middle of their ranges)."""
    invalid, against = (sum(INVALID) / 2, sum(AGAINST_ALL) / 2)
    return [NATIONAL.get(p, OTHER_SHARE) / 100 for p in parties] + [invalid, against]


def refitted(
    shapes: dict[str, Pattern], came: list[float], want: list[float]
) -> dict[str, Pattern]:
    """The patterns with every share scaled by how far the country's result (``came``) fell
    from ``want`` (damped), then made to add up to 1 again in each group: what small counts
    round away (a party's one ballot among ten is ten points, more than the outlier test
    lets a small party have) is put back where counts are larger."""
    factor = [(w / c) ** _DAMPING if c > 0 else 1.0 for w, c in zip(want, came, strict=True)]
    out = {}
    for g, shape in shapes.items():
        scaled = [s * f for s, f in zip(shape.shares, factor, strict=True)]
        out[g] = replace(shape, shares=tuple(x / sum(scaled) for x in scaled))
    return out
