"""The precinct protocols (``results/protocols/<precinct>.json``, formats.md section 7): one
for every station at home and abroad, as the machine count prints it.

``registered`` is the number of voters the platform's register build puts at the station
(``World.registered``). Every other figure is drawn, from the number by the written ages
(``World.registered_as_written``: the same story on any reference date, though a moved
calendar makes one born on the limit day a voter or not), around the station's group
pattern (:mod:`.vote_shares`) with bounded noise and largest remainders (:mod:`.tally`), and
:func:`.outliers.settle` keeps every precinct not planted clear of the outlier test (at
the national scale it finds nothing to do). At the demo scale a small party loses ballots
at the smallest stations, so the patterns are refitted (:data:`FITS` times, drawing and
settling each time) until the country's shares come out as :mod:`.vote_shares` intends.
Then the plants go in (:mod:`.protocol_plants`) and the files are written.

Preferential votes (open lists): in each group a part of every party's voters
(``Pattern.preferring``) also mark a candidate; the marks go down the list (the leader
most), three times as often to a candidate of the station's own region. Every party of
``parties.csv`` has its ``votes`` (zeros too) and its ``preferences`` (``{}`` without marks).
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median
from typing import TYPE_CHECKING, Any

from .common import rng_for
from .outliers import settle
from .protocol_plants import first_arrivals, plant
from .stations import HOME
from .tally import Protocol, apportion, drawn, thin, with_voters
from .vote_shares import Pattern, group_of, patterns, refitted, targets
from .writers import write_json

if TYPE_CHECKING:
    from .candidate_plants import Candidate
    from .core import World

PROTOCOLS = "results/protocols"
FITS = 3  # refits of the patterns to the country's shares
#: preferential marks by list position: 1 / position ** this; a local candidate counts more
POSITION_DECAY = 0.9
LOCAL_FAVOUR = 3.0


class Preferences:
    """The preferential votes of a party's voters at a station, by list position."""

    def __init__(self, parties: list[str], candidates: list[Candidate]) -> None:
        self.lists: dict[str, list[tuple[int, str]]] = {p: [] for p in parties}
        for c in sorted(candidates, key=lambda c: (c.party, c.position)):
            self.lists[c.party].append((c.position, c.person.region))
        self._weights: dict[tuple[str, str], list[float]] = {}

    def weights(self, party: str, region: str) -> list[float]:
        key = (party, region)
        if key not in self._weights:
            self._weights[key] = [
                (LOCAL_FAVOUR if where == region else 1.0) / position**POSITION_DECAY
                for position, where in self.lists[party]
            ]
        return self._weights[key]

    def marks(self, party: str, region: str, votes: int, preferring: float) -> dict[str, int]:
        """Positions (as strings, in list order) with their marks; none for no votes."""
        split = apportion(int(votes * preferring), self.weights(party, region))
        positions = [position for position, _ in self.lists[party]]
        return {str(pos): n for pos, n in zip(positions, split, strict=True) if n}


def document(
    p: Protocol, parties: list[str], prefs: Preferences, region: str, preferring: float
) -> dict[str, Any]:
    """The protocol as formats.md writes it."""
    return {
        "precinct": p.precinct,
        "registered": p.registered,
        "ballots_received": p.received,
        "ballots_issued": p.issued,
        "biometric_identified": p.biometric,
        "ballots_in_box": p.in_box,
        "invalid": p.invalid,
        "against_all": p.against_all,
        "votes": dict(zip(parties, p.votes, strict=True)),
        "count": p.count,
        "preferences": {
            party: prefs.marks(party, region, v, preferring)
            for party, v in zip(parties, p.votes, strict=True)
        },
    }


Groups = dict[str, list[Protocol]]
Thin = dict[str, frozenset[int]]


def _thin(world: World, shapes: dict[str, Pattern]) -> Thin:
    """Each group's thin parties (:func:`.tally.thin`), by its typical station."""
    voters: dict[str, list[int]] = {}
    for s in world.stations:
        voters.setdefault(group_of(s), []).append(world.registered_as_written.get(s.code, 0))
    return {g: thin(shapes[g], median(vs) * shapes[g].turnout) for g, vs in voters.items()}


def _draw(
    world: World, shapes: dict[str, Pattern], few: Thin
) -> tuple[dict[str, Protocol], Groups]:
    """Every station's correct protocol around its group's pattern (always the same noise)."""
    rng = rng_for(world.seed, "protocols")
    protocols: dict[str, Protocol] = {}
    groups: Groups = {}
    for s in world.stations:
        g = group_of(s)
        p = drawn(rng, s.code, world.registered_as_written.get(s.code, 0), shapes[g], few[g])
        with_voters(p, world.registered.get(s.code, 0))
        protocols[s.code] = p
        groups.setdefault(g, []).append(p)
    return protocols, groups


def _totals(protocols: Iterable[Protocol]) -> list[float]:
    """The country's shares of the ballots in the box: parties, invalid, against all."""
    sums: list[int] = []
    for p in protocols:
        counts = [*p.votes, p.invalid, p.against_all]
        sums = [a + b for a, b in zip(sums, counts, strict=True)] if sums else counts
    whole = sum(sums) or 1
    return [x / whole for x in sums]


def _fitted(world: World, parties: list[str]) -> tuple[dict[str, Pattern], Thin]:
    """The group patterns, refitted until the protocols, drawn and settled, give the country
    the shares of :func:`.vote_shares.targets` (at the national scale they already do; at the
    demo scale the smallest stations cannot give a small party its one ballot); and the thin
    parties, as the first patterns have them (so that a refit cannot tip a party in or out)."""
    shapes = patterns(world.seed, parties, world.stations, world.registered_as_written)
    few = _thin(world, shapes)
    want = targets(parties)
    night = first_arrivals(s.code for s in world.stations)
    for _ in range(FITS):
        protocols, groups = _draw(world, shapes, few)
        settle(groups, parties, set(), night)
        shapes = refitted(shapes, _totals(protocols.values()), want)
    return shapes, few


def write_protocols(world: World) -> None:
    """Write every station's protocol (and the plants' other versions); record the plants."""
    parties = [p.code for p in world.parties]
    shapes, few = _fitted(world, parties)
    protocols, groups = _draw(world, shapes, few)
    versions = plant(world, protocols, groups, shapes)
    prefs = Preferences(parties, world.candidates)
    out = world.out_dir / PROTOCOLS
    written = 0
    for s in world.stations:
        shape = shapes[group_of(s)]
        region = s.region if s.country == HOME else ""
        for suffix, p in versions.get(s.code) or [("", protocols[s.code])]:
            doc = document(p, parties, prefs, region, shape.preferring)
            write_json(out / f"{s.code}{suffix}.json", doc)
            written += 1
    world.summary[PROTOCOLS] = written
