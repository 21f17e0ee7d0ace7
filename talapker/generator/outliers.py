"""The outlier test the platform runs over a group's protocols, and the pass that keeps every
precinct not planted as an outlier clear of it.

The test (as the platform will run it): in a group (:func:`.vote_shares.group_of`) with at
least :data:`MIN_GROUP` precincts, a precinct is an outlier when its turnout (ballots issued
over voters) or any party's share (votes over ballots in the box) lies far from the group's
median: the modified z-score ``0.6745 · |x − median| / MAD`` exceeds 3.5 (a MAD of 0 counts
as exceeding) and ``|x − median|`` is at least 10 points. A figure that cannot be taken
(no voters, an empty box) takes no part.

At the national scale a precinct stays within a few points of its group and the test never
fires by chance. At the demo scale a station has about 20 voters and 10 ballots, so one
ballot is ten points of a share and the draw alone can make an outlier. :func:`settle`
then redraws each precinct that comes near the test (:data:`SAFE`, a margin inside it, so
that a reading in other arithmetic cannot disagree) within the band its group's median and
MAD leave every figure: a party outside takes the nearest count inside, the others make up
the total; failing that, the turnout nearest its own that fits. Only those precincts move,
and only as far as they must: pulling them to the median instead would shrink the MAD the
test measures by, until the smallest stations could not fit at all. The planted outliers
stay far beyond the test (:data:`STRONG`). Since the platform reads the test over the
precincts that have reported, a group is read twice (:func:`readings`): over all its
precincts, and over those the demo's election night receives first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil, floor, inf
from statistics import median
from typing import NamedTuple

from .tally import Protocol, apportion

MIN_GROUP = 8
TURNOUT = "turnout"


@dataclass(frozen=True)
class Limits:
    """A modified z-score to exceed and a distance from the median to reach."""

    z: float
    gap: float


TEST = Limits(3.5, 0.10)
SAFE = Limits(3.4, 0.097)  # what an unplanted precinct stays under
STRONG = Limits(3.8, 0.11)  # what a planted outlier goes beyond
_ROUNDS = 60


class Spread(NamedTuple):
    median: float
    mad: float

    def outlying(self, x: float, limits: Limits) -> bool:
        gap = abs(x - self.median)
        if gap < limits.gap:
            return False
        return self.mad == 0 or 0.6745 * gap / self.mad > limits.z


def values(p: Protocol, parties: list[str]) -> dict[str, float]:
    """The turnout and every party's share of ``p``, where they can be taken."""
    out: dict[str, float] = {}
    if p.registered:
        out[TURNOUT] = p.issued / p.registered
    if p.in_box:
        out.update((party, v / p.in_box) for party, v in zip(parties, p.votes, strict=True))
    return out


def spreads(members: Iterable[Protocol], parties: list[str]) -> dict[str, Spread]:
    """Median and MAD of each figure taken at :data:`MIN_GROUP` precincts or more."""
    columns: dict[str, list[float]] = {}
    for p in members:
        for metric, x in values(p, parties).items():
            columns.setdefault(metric, []).append(x)
    out = {}
    for metric, xs in columns.items():
        if len(xs) >= MIN_GROUP:
            mid = median(xs)
            out[metric] = Spread(mid, median(abs(x - mid) for x in xs))
    return out


def readings(members: list[Protocol], night: set[str] | None) -> list[list[Protocol]]:
    """The ways a group is read: all its precincts; and, given the precincts that arrive
    first on the demo's election night (:func:`.protocol_plants.first_arrivals`), those."""
    if night is None:
        return [members]
    return [members, [p for p in members if p.precinct in night]]


def outlying(
    members: list[Protocol], parties: list[str], limits: Limits = TEST
) -> dict[str, list[str]]:
    """The group's outliers: precinct code -> the figures that make it one."""
    spread = spreads(members, parties)
    out: dict[str, list[str]] = {}
    for p in members:
        hits = [
            metric
            for metric, x in values(p, parties).items()
            if metric in spread and spread[metric].outlying(x, limits)
        ]
        if hits:
            out[p.precinct] = hits
    return out


def _band(spreads: list[dict[str, Spread]], metric: str) -> tuple[float, float]:
    """The values a figure may take and stay clear of :data:`SAFE` in every reading."""
    lo, hi = -inf, inf
    for spread in spreads:
        if metric in spread:
            mid, mad = spread[metric]
            width = max(SAFE.gap, SAFE.z * mad / 0.6745)
            lo, hi = max(lo, mid - width), min(hi, mid + width)
    return lo, hi


def _allot(
    ballots: int, aim: tuple[float, ...], bands: list[tuple[float, float]], start: list[int]
) -> list[int]:
    """``start`` (the parties' votes, then invalid and against all, for ``ballots``) moved
    into every party's band: a party outside takes the nearest count inside, and the
    parties' total is brought back by highest averages (Sainte-Laguë) on ``aim``; the
    invalid ballots and "against all", which the test does not read, take the rest. An
    empty list if the bands cannot all be met."""
    n = len(bands)
    if ballots == 0:
        return [0] * len(aim)
    low = [max(0, floor(lo * ballots) + 1) for lo, _ in bands]
    high = [min(ballots, ceil(hi * ballots) - 1) for _, hi in bands]
    if any(lo > hi for lo, hi in zip(low, high, strict=True)) or sum(low) > ballots:
        return []
    votes = [min(max(v, lo), hi) for v, lo, hi in zip(start, low, high, strict=False)]
    target = min(ballots, max(sum(low), sum(start[:n])))
    while sum(votes) < target:
        room = [i for i in range(n) if votes[i] < high[i] and aim[i] > 0]
        if not room:
            break
        votes[max(room, key=lambda i: (aim[i] / (votes[i] + 0.5), -i))] += 1
    while sum(votes) > target:
        spare = [i for i in range(n) if votes[i] > low[i]]
        votes[min(spare, key=lambda i: (aim[i] / (votes[i] - 0.5), i))] -= 1
    return votes + apportion(ballots - sum(votes), aim[n:])


def _refit(p: Protocol, spreads: list[dict[str, Spread]], parties: list[str]) -> bool:
    """Move ``p`` into every band: first its ballots as they are; failing that the turnouts
    nearest its own, each with the ballots in the box as many as before or one fewer,
    shared out afresh by ``aim``."""
    lo, hi = _band(spreads, TURNOUT)
    voters, lost = p.registered, p.issued - p.in_box
    options = [i for i in range(voters + 1) if lo < i / voters < hi] if voters else [0]
    bands = [_band(spreads, q) for q in parties]
    for issued in sorted(options, key=lambda i: (abs(i - p.issued), i)):
        kept = max(issued - lost, min(issued, 1))
        for ballots in sorted({kept, issued, max(kept - 1, 1)}, key=lambda b: (abs(b - kept), b)):
            if ballots > issued:
                continue
            same = ballots == p.in_box
            start = [*p.votes, p.invalid, p.against_all] if same else apportion(ballots, p.aim)
            counts = _allot(ballots, p.aim, bands, start)
            if counts:
                p.issued = p.biometric = issued
                p.in_box = ballots
                *p.votes, p.invalid, p.against_all = counts
                return True
    return False


def settle(
    groups: dict[str, list[Protocol]],
    parties: list[str],
    planted: set[str],
    night: set[str] | None = None,
) -> set[str]:
    """Redraw every precinct outside ``planted`` that comes near the test (:data:`SAFE`) in
    any reading of its group (:func:`readings`) within the bands the readings' medians and
    MADs allow, until none does. Only those move, and only as far as they must, so the
    spread of the group, which the test measures against, stays as it was drawn. Returns
    the precincts no redraw can keep clear: a station of one voter (turnout 0 or 100 %) is
    an outlier whatever it reports."""
    lost: set[str] = set()
    for _ in range(_ROUNDS):
        calm = True
        for members in groups.values():
            views = [
                ({p.precinct for p in view}, spreads(view, parties))
                for view in readings(members, night)
            ]
            for p in members:
                if p.precinct in planted or p.precinct in lost:
                    continue
                mine = [spread for codes, spread in views if p.precinct in codes]
                figures = values(p, parties).items()
                if any(m in s and s[m].outlying(x, SAFE) for s in mine for m, x in figures):
                    calm = False
                    if not _refit(p, mine, parties):
                        lost.add(p.precinct)
        if calm:
            return lost
    raise RuntimeError("the protocols do not settle clear of the outlier test")
