"""A precinct's tally: the figures of one protocol, the control relations between them, and
how a station's figures are drawn around its group's pattern (:mod:`.vote_shares`).

Drawn, not sampled: the turnout and every share move by bounded noise, and the ballots are
then shared out by largest remainders. Where ballots are many (the national scale, 1,600
voters a station) the noise keeps a precinct within 4 points of its district's turnout and
3 points of every share. Where they are few (the demo scale, about 20 voters) one ballot is
ten points, and the noise is as wide as counts really scatter (about the square root of a
count). A party the group's typical station gives under four fifths of a ballot ("thin")
never gets ten points of a box (none where there are fewer than 11 ballots), as the outlier
test demands of a party whose median share is 0; every other party gets a ballot wherever
the box allows, so that its median does not hang on which precincts have reported.

A correct protocol satisfies every relation of :data:`CHECKS`; the plants
(:mod:`.protocol_plants`) break one of them at a time.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import ceil, sqrt
from typing import Any

from .vote_shares import Pattern

RESERVE = (0.01, 0.03)  # of the voters, ballots received beyond them
#: a precinct's turnout within this of its group's, before rounding; or, at a small station,
#: within TURNOUT_SCATTER / sqrt(voters), as small counts scatter
TURNOUT_NOISE = 0.025
TURNOUT_SCATTER = 0.5
#: each category's expected ballots move by up to NOISE_ROOT * sqrt(expected), as counts
#: scatter, but by no more than SHARE_NOISE of the ballots or NOISE_BALLOTS, whichever is
#: more; the moves add up to nothing, which can double one (so a share stays within 2.5
#: points of its group's where ballots are many, and within 3 once rounded)
NOISE_ROOT = 2.0
SHARE_NOISE = 0.0125
NOISE_BALLOTS = 3.0
#: at a station of fewer ballots than this, (this - ballots) // 10 single ballots move
#: between parties: small counts scatter by a ballot or so, as real ones do
JITTER_BALLOTS = 60
#: a party expected to get fewer ballots than this at its group's typical station is thin
#: there: most of the group's stations give it none, so its median share is 0 and, by the
#: outlier test, a share of ten points or more would make an outlier; so it never gets
#: THIN_SHARE of a station's ballots (none where there are fewer than 11)
THIN_EXPECTED = 0.8
THIN_SHARE = 0.095
LOST = (0.0, 0.004)  # ballots issued that never reach the box


@dataclass
class Protocol:
    """One protocol's figures (``votes`` in party order)."""

    precinct: str
    registered: int
    received: int = 0
    issued: int = 0
    biometric: int = 0
    in_box: int = 0
    invalid: int = 0
    against_all: int = 0
    votes: list[int] = field(default_factory=list)
    count: str = "machine"
    #: the shares this precinct's ballots were rounded from (parties, invalid, against all)
    aim: tuple[float, ...] = ()

    def copy(self, **changes: Any) -> Protocol:
        """A copy (its own list of votes) with some figures changed."""
        fields = {**self.__dict__, "votes": list(self.votes), **changes}
        return Protocol(**fields)

    def fill(self) -> None:
        """Share the ballots in the box out by :attr:`aim` (largest remainders)."""
        *self.votes, self.invalid, self.against_all = apportion(self.in_box, self.aim)

    @property
    def counted(self) -> int:
        """Invalid, against all and every party's votes: the ballots the count accounts for."""
        return self.invalid + self.against_all + sum(self.votes)


#: the control relations a correct protocol satisfies, by the rule its breach fires
CHECKS: dict[str, Callable[[Protocol], bool]] = {
    "PROTOCOL_ISSUED_OVER_RECEIVED": lambda p: p.issued <= p.received,
    "PROTOCOL_ISSUED_OVER_REGISTERED": lambda p: p.issued <= p.registered,
    "PROTOCOL_BOX_OVER_ISSUED": lambda p: p.in_box <= p.issued,
    "PROTOCOL_SUM_MISMATCH": lambda p: p.counted == p.in_box,
    "PROTOCOL_BIOMETRIC_MISMATCH": lambda p: p.biometric == p.issued,
}


def broken(p: Protocol) -> list[str]:
    """The rules of the control relations ``p`` breaks."""
    return [rule for rule, holds in CHECKS.items() if not holds(p)]


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` by largest remainders (ties: first);
    evenly if every weight is 0."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    if sum(weights) <= 0:
        weights = [1.0] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def thin(pattern: Pattern, ballots: float) -> frozenset[int]:
    """The parties (by index) thin in a group whose typical station has ``ballots``."""
    parties = range(len(pattern.shares) - 2)
    return frozenset(i for i in parties if pattern.shares[i] * ballots < THIN_EXPECTED)


def drawn(
    rng: random.Random, code: str, voters: int, pattern: Pattern, thin: frozenset[int]
) -> Protocol:
    """A correct protocol around ``pattern`` (all zeros at a station without voters); the
    ``thin`` parties (by index) stay under :data:`THIN_SHARE` of the ballots."""
    p = Protocol(code, voters, aim=pattern.shares)
    if voters == 0:
        p.votes = [0] * (len(pattern.shares) - 2)
        return p
    p.received = voters + max(1, round(voters * rng.uniform(*RESERVE)))
    spread = max(TURNOUT_NOISE, TURNOUT_SCATTER / sqrt(voters))
    turnout = pattern.turnout + rng.uniform(-spread, spread)
    p.issued = p.biometric = min(voters, round(voters * turnout))
    p.in_box = p.issued - round(p.issued * rng.uniform(*LOST))
    p.aim = _aim(rng, p.in_box, pattern.shares)
    p.fill()
    _jitter(rng, p)
    _floor(p, thin)
    if thin:
        _thin_out(p, thin)
    return p


def with_voters(p: Protocol, voters: int) -> None:
    """The register's own number of voters on a protocol drawn for one a voter or so off:
    ballots issued beyond them (a turnout of nearly all) are not issued."""
    p.registered = voters
    if p.issued > voters:
        p.issued = p.biometric = voters
        if p.in_box > voters:
            p.in_box = voters
            p.fill()


def _aim(rng: random.Random, ballots: int, shares: tuple[float, ...]) -> tuple[float, ...]:
    """Each category's expected ballots, moved by bounded noise that adds up to nothing
    (:data:`NOISE_ROOT`, :data:`SHARE_NOISE`, :data:`NOISE_BALLOTS`)."""
    expected = [ballots * s for s in shares]
    cap = max(SHARE_NOISE * ballots, NOISE_BALLOTS)
    bounds = [min(NOISE_ROOT * sqrt(e), cap) for e in expected]
    moves = [rng.uniform(-1, 1) * b for b in bounds]
    back = sum(moves) / (sum(bounds) or 1)
    return tuple(
        max(0.0, e + m - back * b) for e, m, b in zip(expected, moves, bounds, strict=True)
    )


def _jitter(rng: random.Random, p: Protocol) -> None:
    """Move a few single ballots between parties at a small station (:data:`JITTER_BALLOTS`),
    so that a party's count there is not the same at every station of its group."""
    parties = range(len(p.votes))
    weights = p.aim[: len(p.votes)]
    for _ in range(max(0, (JITTER_BALLOTS - p.in_box) // 10)):
        given = [i for i in parties if p.votes[i]]
        if given and sum(weights) > 0:
            p.votes[rng.choice(given)] -= 1
            p.votes[rng.choices(parties, weights=weights)[0]] += 1


def _floor(p: Protocol, thin: frozenset[int]) -> None:
    """Give every party that is not thin at least one ballot, the most expected first, each
    taken from the party holding most (while it keeps one): a party the group's stations
    mostly give a ballot or two should not have none at some, or its median would hang on
    which precincts have reported."""
    n = len(p.votes)
    for i in sorted((i for i in range(n) if i not in thin), key=lambda i: (-p.aim[i], i)):
        if p.votes[i] == 0 and p.aim[i] > 0:
            j = max(range(n), key=lambda j: (p.votes[j], -j))
            if p.votes[j] < 2:
                return
            p.votes[j] -= 1
            p.votes[i] += 1


def _thin_out(p: Protocol, thin: frozenset[int]) -> None:
    """Keep the thin parties under :data:`THIN_SHARE` of the box; the other parties take
    their extra ballots (by ``aim``), the invalid ones if there is no other party."""
    cap = ceil(THIN_SHARE * p.in_box) - 1
    excess = sum(max(0, p.votes[i] - cap) for i in thin)
    others = [0.0 if i in thin else w for i, w in enumerate(p.aim[: len(p.votes)])]
    *extra, spare = apportion(excess, [*others, 1e-9])
    p.invalid += spare
    for i, more in enumerate(extra):
        p.votes[i] = min(p.votes[i], cap) if i in thin else p.votes[i] + more
