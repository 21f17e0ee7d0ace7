"""Party lists (``candidates.csv``) drawn from the population register's candidate pool.

Every list follows the 2021 rules for party lists: at most 70% of one sex, with a man and a
woman in every block of three positions (so the sexes never drift more than three places
apart), at least 15% candidates under 35 and at least 15% of other ethnicities. Candidates
are citizens aged 25+ on election day with a higher-education diploma, except the few
ineligible candidates planted on purpose (noted in ``planted.json``).

The candidate pool came out of the population chunks without diplomas, convictions or
certificates; this module writes those rows for the whole pool once the lists are drawn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .common import ELECTION_DAY, Calendar, rng_for
from .days import DayTables, day_tables
from .extras import ExtraRows, conviction, diploma, person_extras
from .parties import Party
from .people import Person, PersonRegisters, PopulationSample
from .planted import Planted
from .writers import write_csv

#: planted ineligible candidates: (party index, kind). Kinds:
#: ``candidate_no_higher_education`` (a secondary diploma only), ``candidate_no_diploma``,
#: ``candidate_underage`` (24 on election day), ``candidate_conviction`` (not expunged),
#: ``candidate_expunged_conviction`` (eligible unless ``expunged_convictions_disqualify``).
PLANTED_CANDIDATES: tuple[tuple[int, str], ...] = (
    (2, "candidate_no_higher_education"),
    (7, "candidate_no_diploma"),
    (4, "candidate_underage"),
    (11, "candidate_conviction"),
    (15, "candidate_expunged_conviction"),
)
#: parties whose leader is not on the list (by index)
LEADER_OFF_LIST = (3, 8, 12, 17)


@dataclass(frozen=True)
class Candidate:
    """A place on a party list."""

    party: str
    position: int
    person: Person


class _Buckets:
    """The candidate pool split by sex, ethnic group and age band; draws without replacement."""

    def __init__(self, pool: list[Person], rng: random.Random, tables: DayTables) -> None:
        people = list(pool)
        rng.shuffle(people)
        self._b: dict[tuple[str, bool, str], list[Person]] = {}
        for p in people:
            age = tables.age_at_election[p.day]
            band = (
                "underage"
                if age < 25
                else "young"
                if age < 35
                else "senior"
                if age >= 40
                else "mid"
            )
            self._b.setdefault((p.sex, p.ethnicity == "ky", band), []).append(p)

    def draw(self, sex: str, kyrgyz: bool, bands: tuple[str, ...]) -> Person:
        for band in bands:
            lst = self._b.get((sex, kyrgyz, band))
            if lst:
                return lst.pop()
        # a small pool may run out of one group: relax ethnicity, then nothing else
        for band in bands:
            lst = self._b.get((sex, not kyrgyz, band))
            if lst:
                return lst.pop()
        raise RuntimeError(f"candidate pool exhausted for {sex} {bands}")

    def remaining(self) -> list[Person]:
        return [p for lst in self._b.values() for p in lst]


def _sexes(rng: random.Random, n: int) -> list[str]:
    """Sexes by position: one or two women in every block of three."""
    sexes: list[str] = []
    for _ in range(0, n, 3):
        block = ["F", "M", "M"] if rng.random() < 0.9 else ["F", "F", "M"]
        rng.shuffle(block)
        sexes.extend(block)
    return sexes[:n]


def draw_lists(
    parties: list[Party],
    sample: PopulationSample,
    per_party: int,
    seed: int,
    planted: Planted,
    registers: PersonRegisters,
    calendar: Calendar,
) -> list[Candidate]:
    """Draw every party's list, set leaders, and write the pool's person-level rows."""
    rng = rng_for(seed, "candidates")
    tables = day_tables(calendar)
    buckets = _Buckets(sample.candidate_pool, rng, tables)
    candidates: list[Candidate] = []
    plants = {idx: kind for idx, kind in PLANTED_CANDIDATES if idx < len(parties)}
    plant_pos: dict[int, int] = {}
    for idx, party in enumerate(parties):
        sexes = _sexes(rng, per_party)
        others = set(rng.sample(range(2, per_party + 1), min(per_party - 1, rng.randint(9, 13))))
        young = set(rng.sample(range(3, per_party + 1), min(per_party - 2, rng.randint(9, 14))))
        if idx in plants:
            plant_pos[idx] = rng.randint(5, per_party)
        for pos in range(1, per_party + 1):
            sex = sexes[pos - 1]
            if pos == 1:
                bands: tuple[str, ...] = ("senior", "mid")
            elif plant_pos.get(idx) == pos and plants[idx] == "candidate_underage":
                bands = ("underage",)
            elif pos in young:
                bands = ("young",)
            else:
                bands = ("mid", "senior") if rng.random() < 0.4 else ("senior", "mid")
            person = buckets.draw(sex, pos not in others, bands)
            candidates.append(Candidate(party.code, pos, person))
        if idx in LEADER_OFF_LIST:
            party.leader = buckets.draw("M" if rng.random() < 0.8 else "F", True, ("senior",))
            party.leader_position = 0
        else:
            party.leader = candidates[-per_party].person
            party.leader_position = 1

    _write_candidate_extras(
        candidates, parties, plants, plant_pos, seed, planted, registers, tables
    )
    rest = ExtraRows(series=900)
    rest_rng = rng_for(seed, "pool-extras")
    for p in buckets.remaining():
        person_extras(rest_rng, rest, p.pin, p.day, p.sex == "M", tables)
    registers.write(rest)
    return candidates


def _write_candidate_extras(
    candidates: list[Candidate],
    parties: list[Party],
    plants: dict[int, str],
    plant_pos: dict[int, int],
    seed: int,
    planted: Planted,
    registers: PersonRegisters,
    tables: DayTables,
) -> None:
    rng = rng_for(seed, "candidate-extras")
    calendar = tables.calendar
    rows = ExtraRows(series=901)
    index = {p.code: i for i, p in enumerate(parties)}
    for c in candidates:
        birth_ord = tables.ordinal(c.person.day)
        i = index[c.party]
        kind = plants.get(i) if plant_pos.get(i) == c.position else None
        if kind == "candidate_no_higher_education":
            rows.diplomas.append(diploma(rng, c.person.pin, birth_ord, "secondary", calendar))
        elif kind != "candidate_no_diploma":
            rows.diplomas.append(diploma(rng, c.person.pin, birth_ord, "higher", calendar))
        if kind in ("candidate_conviction", "candidate_expunged_conviction"):
            expunged = kind == "candidate_expunged_conviction"
            rows.convictions.append(conviction(rng, c.person.pin, birth_ord, calendar, expunged))
        if rng.random() < 0.25:
            year = min(ELECTION_DAY.year, tables.year[c.person.day] + rng.randint(25, 40))
            year = max(year, 2015)  # as written, like the birth years
            issued = calendar.on(date(year, rng.randint(3, 9), 15))
            rows.certificates.append(
                (c.person.pin, rows.certificate_no(issued.year), "C1", issued.isoformat())
            )
        if kind:
            planted.note(
                kind,
                party=c.party,
                position=c.position,
                pin=c.person.pin,
                birth_date=c.person.birth_date,
                age_on_election_day=tables.age_at_election[c.person.day],
            )
    for p in parties:  # leaders who are not on a list are well-educated too
        if p.leader is not None and p.leader_position == 0:
            birth_ord = tables.ordinal(p.leader.day)
            rows.diplomas.append(diploma(rng, p.leader.pin, birth_ord, "higher", calendar))
    registers.write(rows)


def write_candidates(path: Path, candidates: list[Candidate]) -> int:
    """Write ``candidates.csv``."""
    rows = [
        (
            c.party,
            c.position,
            c.person.pin,
            c.person.surname,
            c.person.name,
            c.person.patronymic,
            c.person.birth_date,
            c.person.sex,
            c.person.region,
        )
        for c in candidates
    ]
    return write_csv(path, "candidates", rows)
