"""Turning votes into seats, as the election's parameters choose (rules.md: `seats`,
`threshold_percent`, `regional_threshold_percent`, `max_seat_share`, `women_seat_share`,
`allocation_method`). Plain functions over integers and exact fractions: no database, no
floats; the tally (issue 16) feeds them.

- Thresholds are shares of everyone who took part (invalid ballots and "against all"
  included), nationally and in every region (kg-election-law.md §5.1, "Denominator check").
- `hare`: largest remainder with the Hare quota (votes × seats / total, integer parts first,
  the remaining seats by the largest fractional parts). `dhondt` and `sainte_lague`: highest
  averages with divisors 1, 2, 3, … and 1, 3, 5, ….
- Ties (equal remainders or quotients) go to the party with more votes, then to the one
  earlier in the order given (the ballot order): never to chance, so a re-count gives the
  same seats.
- `capped`: no party above `max_seats`; a capped party keeps exactly `max_seats` and the rest
  are shared among the others by the same method (repeated until no one is over).
- `top_n`: a multi-member district's seats to its most voted candidates, at most
  `max_same_sex` of one sex (2025: two of three), the next best of the other sex taking the
  last seat where the top ones are all of one sex.
- `fill_seats`: a party's seats to its candidates by preferential votes, at least
  `women_share` of them (rounded up) first to the women with the most votes; candidates
  without votes in list order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import ceil

Method = Callable[[Mapping[str, int], int], dict[str, int]]


def _order(votes: Mapping[str, int]) -> dict[str, int]:
    """Each party's place in the order given (the ballot order), for ties."""
    return {party: n for n, party in enumerate(votes)}


def hare(votes: Mapping[str, int], seats: int) -> dict[str, int]:
    """Largest remainder with the Hare quota."""
    total = sum(votes.values())
    won = dict.fromkeys(votes, 0)
    if total == 0 or seats == 0:
        return won
    place = _order(votes)
    remainders: dict[str, Fraction] = {}
    for party, v in votes.items():
        share = Fraction(v * seats, total)
        won[party] = share.numerator // share.denominator
        remainders[party] = share - won[party]
    left = seats - sum(won.values())
    ranked = sorted(votes, key=lambda p: (-remainders[p], -votes[p], place[p]))
    for party in ranked[:left]:
        won[party] += 1
    return won


def _highest_averages(divisor: Callable[[int], int]) -> Method:
    def allocate(votes: Mapping[str, int], seats: int) -> dict[str, int]:
        won = dict.fromkeys(votes, 0)
        if sum(votes.values()) == 0:
            return won
        place = _order(votes)
        for _ in range(seats):
            best = min(
                votes,
                key=lambda p: (-Fraction(votes[p], divisor(won[p])), -votes[p], place[p]),
            )
            won[best] += 1
        return won

    return allocate


dhondt = _highest_averages(lambda n: n + 1)
sainte_lague = _highest_averages(lambda n: 2 * n + 1)
METHODS: dict[str, Method] = {"hare": hare, "dhondt": dhondt, "sainte_lague": sainte_lague}


def passing(
    votes: Mapping[str, int],
    took_part: int,
    threshold_percent: Fraction,
    regions: Mapping[str, tuple[Mapping[str, int], int]] | None = None,
    regional_percent: Fraction = Fraction(0),
) -> list[str]:
    """The parties at or over the national threshold, and over the regional one in every
    region (`regions`: region → (the parties' votes there, how many took part there))."""
    chosen = []
    for party, v in votes.items():
        if took_part == 0 or Fraction(100 * v, took_part) < threshold_percent:
            continue
        if (
            regional_percent
            and regions
            and any(
                there == 0 or Fraction(100 * region_votes.get(party, 0), there) < regional_percent
                for region_votes, there in regions.values()
            )
        ):
            continue
        chosen.append(party)
    return chosen


def capped(votes: Mapping[str, int], seats: int, max_seats: int, method: Method) -> dict[str, int]:
    """Seats by the method with no party above `max_seats`."""
    fixed: dict[str, int] = {}
    while True:
        rest = {p: v for p, v in votes.items() if p not in fixed}
        won = method(rest, seats - sum(fixed.values()))
        over = {p for p, n in won.items() if n > max_seats}
        if not over:
            return {p: fixed.get(p, won.get(p, 0)) for p in votes}
        fixed.update(dict.fromkeys(over, max_seats))


def allocate(
    votes: Mapping[str, int],
    seats: int,
    *,
    method: str,
    max_share: Fraction = Fraction(1),
) -> dict[str, int]:
    """The seats of the parties that passed the thresholds (`votes` holds only those)."""
    max_seats = int(max_share * seats)
    if max_seats * max(1, len(votes)) < seats:  # a cap no distribution can meet: none
        max_seats = seats
    return capped(votes, seats, max_seats, METHODS[method])


@dataclass(frozen=True)
class Contender:
    """A candidate for a seat: who, their votes, their sex (`M` or `F`), their list place."""

    ref: str
    votes: int
    sex: str
    position: int = 0


def top_n(candidates: Sequence[Contender], seats: int, max_same_sex: int) -> list[str]:
    """A district's seats to its most voted candidates, at most `max_same_sex` of one sex;
    ties by list place then reference."""
    ranked = sorted(candidates, key=lambda c: (-c.votes, c.position, c.ref))
    elected: list[Contender] = []
    for c in ranked:
        if len(elected) == seats:
            break
        if sum(1 for e in elected if e.sex == c.sex) < max_same_sex:
            elected.append(c)
    return [c.ref for c in elected]


def fill_seats(candidates: Sequence[Contender], seats: int, women_share: Fraction) -> list[str]:
    """A party's seats to its candidates: first `ceil(women_share × seats)` to the women with
    the most preferential votes, the rest to everyone else by votes; no votes: list order."""
    ranked = sorted(candidates, key=lambda c: (-c.votes, c.position, c.ref))
    women_first = min(ceil(women_share * seats), seats)
    elected = [c for c in ranked if c.sex == "F"][:women_first]
    for c in ranked:
        if len(elected) == seats:
            break
        if c not in elected:
            elected.append(c)
    return [c.ref for c in elected]
