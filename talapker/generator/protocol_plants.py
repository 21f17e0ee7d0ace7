"""The planted protocols: each precinct holds at most one plant, and every other protocol
satisfies the control relations and stays clear of the outlier test.

===================================== =========================================== =========
plant (count per :class:`.Scale`)     how                                         severity
===================================== =========================================== =========
``PROTOCOL_ISSUED_OVER_RECEIVED``     ballots received lowered below those issued violation
``PROTOCOL_ISSUED_OVER_REGISTERED``   a few ballots issued beyond the voters (as  violation
                                      many received); the turnout over 100 % also
                                      makes it an outlier: ``..._TURNOUT_OUTLIER``
``PROTOCOL_BOX_OVER_ISSUED``          ballots issued lowered below those in the   violation
                                      box (and the biometric count with them), at
                                      a turnout above the group's median
``PROTOCOL_SUM_MISMATCH``             a few votes added to the party furthest     violation
                                      below its group's median share
``PROTOCOL_BIOMETRIC_MISMATCH``       a few voters fewer identified than ballots  warning
                                      issued
``PROTOCOL_TURNOUT_OUTLIER``          at home, in a district of 8 stations or     notice
  (``protocol_outliers``)             more, at 40 voters or more: turnout 95-99 %,
                                      the district's first party 86-93 % of the
                                      box; every relation holds
``PROTOCOL_MACHINE_MANUAL_DIFFER``    ``<code>.manual.json`` (``count``:          warning
  (``protocol_recounts``)             ``manual``): a few votes moved from a party
                                      above its median to one below
re-sent (``protocol_resent``)         ``<code>.json`` breaks the sum, the         none
                                      ``<code>.resent.json`` after it is correct
a recount as counted                  ``<code>.manual.json`` equal to the machine none
                                      count (one)
===================================== =========================================== =========

"A few" is one ballot at the demo scale and four or so at the national one. A plant leaves
the turnout and the shares as they were but where it cannot: the ballots issued beyond the
voters (a turnout over 100 %), those issued below the box (the turnout a ballot lower, at a
precinct above its group's median) and the votes added (a share moved towards its median).
Each plant is tried at a drawn precinct with ballots enough and kept only where its group
still reads as planted, clearly (:data:`.outliers.SAFE`, :data:`.outliers.STRONG`), both
over all its precincts and over those the demo's election night receives first
(:func:`first_arrivals`); the test reads each precinct's effective protocol, the manual
count where there is one (as the platform does). A last check over every protocol fails
the run otherwise. A station of a single voter (abroad, at the demo scale, now and then) is
an outlier whatever it reports: the test finds it, so it is recorded as the outliers are,
with a note ``protocol_natural_outlier``.

What goes into ``planted.json``: :mod:`.protocol_findings`.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .common import rng_for
from .outliers import (
    MIN_GROUP,
    SAFE,
    STRONG,
    TURNOUT,
    Spread,
    outlying,
    readings,
    settle,
    spreads,
    values,
)
from .protocol_findings import OVER_REGISTERED, record
from .tally import CHECKS, Protocol, broken
from .vote_shares import ABROAD, Pattern

if TYPE_CHECKING:
    from .core import World

OUTLIER_VOTERS = 40
OUTLIER_TURNOUT = (0.95, 0.99)
OUTLIER_SHARE = (0.86, 0.93)
#: the ballots in the box of a precinct that takes any other plant (a ballot is 8 points)
PLANT_BALLOTS = 12

Change = Callable[[Protocol], bool]
Versions = dict[str, list[tuple[str, Protocol]]]


def _few(p: Protocol) -> int:
    return 1 + p.in_box // 250


def first_arrivals(codes: Iterable[str]) -> set[str]:
    """The precincts whose protocols the demo's election night receives first, planted ones
    aside: three in five, by a CRC of the code (``talapker/demo/results.py`` uses this
    function). The platform reads the outlier test over the precincts that have reported,
    so the plants must read the same over these (with every plant site, which arrives first
    too) as over all."""
    return {c for c in codes if zlib.crc32(c.encode()) % 5 < 3}


class Planter:
    """The protocols of one run, their groups, and what has been planted so far. A group
    holds each precinct's effective protocol (the manual count where there is one, as the
    platform counts it)."""

    def __init__(
        self, parties: list[str], protocols: dict[str, Protocol], groups: dict[str, list[Protocol]]
    ) -> None:
        self.parties = parties
        self.groups = groups
        self.protocols = protocols
        self.group = {p.precinct: g for g, ms in groups.items() for p in ms}
        self.outliers: set[str] = set()  # precincts the test is to find
        self.rules: dict[str, str] = {}  # precinct -> the relation its protocol breaks
        self.versions: Versions = {}
        self.taken: set[str] = set()
        self.natural: set[str] = set()  # outliers by their size alone (one voter)
        self.night = first_arrivals(protocols)

    def spread(self, p: Protocol) -> dict[str, Spread]:
        return spreads(self.groups[self.group[p.precinct]], self.parties)

    def above(self, p: Protocol) -> dict[int, float]:
        """How far each party's share stands above its group's median (0 where none)."""
        spread, now = self.spread(p), values(p, self.parties)
        return {
            i: now[q] - spread[q].median if q in spread else 0.0 for i, q in enumerate(self.parties)
        }

    def lowest(self, p: Protocol, but: int = -1) -> int:
        """The party furthest below its group's median share (by index; not ``but``)."""
        above = self.above(p)
        return min((i for i in above if i != but), key=lambda i: (above[i], i))

    def clear(self, group: str, expected: set[str], night: set[str]) -> bool:
        """Whether every reading of the group finds ``expected`` clearly: every precinct
        near the test (:data:`.outliers.SAFE`) far beyond it (``STRONG``) and expected,
        and every expected precinct of the reading found."""
        for view in readings(self.groups[group], night):
            near = set(outlying(view, self.parties, SAFE))
            strong = set(outlying(view, self.parties, STRONG))
            codes = {p.precinct for p in view}
            if near != strong or near != expected & codes:
                return False
        return True

    def attempt(self, p: Protocol, change: Change, flagged: bool) -> bool:
        """Apply ``change`` to ``p``, and keep it if its group still reads clearly with
        ``p`` among the first arrivals (an outlier exactly when ``flagged``); otherwise put
        ``p`` back as it was."""
        before = p.copy()
        if p.precinct not in self.taken and change(p):
            expected = self.outliers | {p.precinct} if flagged else self.outliers
            if self.clear(self.group[p.precinct], expected, self.night | {p.precinct}):
                self.taken.add(p.precinct)
                self.night.add(p.precinct)
                return True
        p.__dict__.update(before.__dict__)
        return False

    def take(self, pool: list[Protocol], change: Change, flagged: bool = False) -> Protocol:
        """The first precinct of ``pool`` that takes the plant."""
        for p in pool:
            if self.attempt(p, change, flagged):
                return p
        raise RuntimeError("no precinct left for a protocol plant")


def _outlier(rng: random.Random, pattern: Pattern, parties: int) -> Change:
    """Nearly everyone voted, nearly all for the group's first party."""

    def change(p: Protocol) -> bool:
        voters = p.registered
        turnout = round(voters * rng.uniform(*OUTLIER_TURNOUT))
        p.issued = p.biometric = p.in_box = min(voters, max(-(-95 * voters // 100), turnout))
        first = max(range(parties), key=lambda i: (pattern.shares[i], -i))
        top = max(-(-85 * p.in_box // 100), round(p.in_box * rng.uniform(*OUTLIER_SHARE)))
        top = min(top, p.in_box)
        p.aim = tuple(0.0 if i == first else s for i, s in enumerate(pattern.shares))
        p.in_box -= top
        p.fill()
        p.in_box += top
        p.votes[first] = top
        return True

    return change


def _violations(t: Planter) -> list[tuple[str, Change]]:
    """Each control relation's plant, breaking that relation alone."""

    def over_received(p: Protocol) -> bool:
        p.received = p.issued - _few(p)
        return True

    def over_registered(p: Protocol) -> bool:
        spare = p.received - p.registered  # the reserve: as many received as issued
        p.issued = p.biometric = p.registered + min(_few(p), spare)
        return spare > 0

    def box_over_issued(p: Protocol) -> bool:
        median = t.spread(p).get(TURNOUT)
        if median is not None and p.issued / p.registered < median.median:
            return False  # lowering the turnout from below the median could make an outlier
        p.issued = p.biometric = p.in_box - _few(p)
        return True

    def sum_mismatch(p: Protocol) -> bool:
        p.votes[t.lowest(p)] += _few(p)
        return True

    def biometric(p: Protocol) -> bool:
        p.biometric = p.issued - _few(p)
        return True

    changes = (over_received, over_registered, box_over_issued, sum_mismatch, biometric)
    return list(zip(CHECKS, changes, strict=True))


def _recount(t: Planter, machine: dict[str, Protocol], differs: bool) -> Change:
    """The manual count, in place of ``p`` (the machine count is kept in ``machine``): a few
    votes moved from the party furthest above its median to the one furthest below, or the
    same count (a near miss)."""

    def change(p: Protocol) -> bool:
        machine[p.precinct] = p.copy()
        p.count = "manual"
        if differs:
            above = t.above(p)
            givers = [i for i in above if p.votes[i] >= _few(p)]
            if not givers:
                return False
            giver = max(givers, key=lambda i: (above[i], -i))
            taker = t.lowest(p, but=giver)
            p.votes[giver] -= _few(p)
            p.votes[taker] += _few(p)
        return True

    return change


def plant(
    world: World,
    protocols: dict[str, Protocol],
    groups: dict[str, list[Protocol]],
    patterns: dict[str, Pattern],
) -> Versions:
    """Plant every case of the scale into ``protocols`` (in place) and record them in
    ``world.planted``; return the stations with more than one file: precinct -> (suffix,
    protocol) in the order the files arrive (suffix ``""`` is ``<code>.json``)."""
    scale = world.scale
    rng = rng_for(world.seed, "protocol-plants")
    t = Planter([p.code for p in world.parties], protocols, groups)
    t.natural = settle(groups, t.parties, set(), t.night)
    t.outliers |= t.natural
    t.taken |= t.natural
    t.night |= t.natural
    sites = [p for g, ms in groups.items() if g != ABROAD and len(ms) >= MIN_GROUP for p in ms]
    rng.shuffle(sites)  # those with voters enough first, then the biggest
    sites.sort(key=lambda p: (p.registered < OUTLIER_VOTERS, -min(p.registered, OUTLIER_VOTERS)))
    districts: set[str] = set()  # one outlier a district
    for p in sites:
        g = t.group[p.precinct]
        if len(districts) == scale.protocol_outliers:
            break
        if g not in districts and t.attempt(p, _outlier(rng, patterns[g], len(t.parties)), True):
            t.outliers.add(p.precinct)
            districts.add(g)
    pool = [p for p in protocols.values() if p.in_box >= PLANT_BALLOTS]
    rng.shuffle(pool)
    for rule, change in _violations(t):
        for _ in range(scale.protocol_violations_per_rule):
            p = t.take(pool, change, flagged=rule == OVER_REGISTERED)
            t.rules[p.precinct] = rule
            if rule == OVER_REGISTERED:  # over 100 %: an outlier too
                t.outliers.add(p.precinct)
    resent = [t.take(pool, lambda p: True) for _ in range(scale.protocol_resent)]
    for p in resent:
        first = p.copy()
        first.votes[t.lowest(p)] += _few(p)
        t.versions[p.precinct] = [("", first), (".resent", p)]
    machine: dict[str, Protocol] = {}
    recounts = [
        t.take(pool, _recount(t, machine, differs=i < scale.protocol_recounts))
        for i in range(scale.protocol_recounts + 1)
    ]
    for p in recounts:
        t.versions[p.precinct] = [("", machine[p.precinct]), (".manual", p)]
    _check(t, resent)
    record(world.planted, t, resent, recounts)
    return t.versions


def _check(t: Planter, resent: list[Protocol]) -> None:
    """Fail the run unless the protocols read exactly as planted."""
    for group in t.groups:
        if not t.clear(group, t.outliers, t.night):
            raise RuntimeError(f"the protocols of {group} do not read as planted")
    for code, p in t.protocols.items():
        if broken(p) != ([t.rules[code]] if code in t.rules else []):
            raise RuntimeError(f"protocol {code} breaks {broken(p)}, not as planted")
    first = {p.precinct for p in resent}
    for code, versions in t.versions.items():
        for suffix, p in versions:
            wrong = ["PROTOCOL_SUM_MISMATCH"] if code in first and suffix == "" else []
            if broken(p) != wrong:
                raise RuntimeError(f"protocol {code}{suffix} breaks {broken(p)}")
