"""Party lists (``candidates.csv``) drawn from the population register's candidate pool.

Every list follows the 2021 rules for party lists: at most 70% of one sex, with a man and a
woman in every block of three positions (so the sexes never drift more than three places
apart), at least 15% candidates under 35 and at least 15% of other ethnicities. Candidates
are citizens aged 25+ on election day with a higher-education diploma and no unexpunged
conviction, filed under their register PIN and name, except the plants below.

The candidate pool came out of the population chunks without diplomas, convictions or
certificates; this module writes those rows for the whole pool once the lists are drawn.

Plants (:mod:`.candidate_plants`; parties by index, each at a drawn position from 5 on),
each recorded in ``planted.json`` as the finding screening must make, ``source`` =
``candidate``, ``fund`` = the party's code, ``line`` = the position (none for a list rule):

====== ================================= ================================================
party  plant                             finding
====== ================================= ================================================
2      a secondary diploma only          ``CANDIDATE_EDUCATION`` (and a note
                                         ``candidate_no_higher_education``)
7      no diploma at all                 ``CANDIDATE_EDUCATION`` (``candidate_no_diploma``)
4      24 on election day                ``CANDIDATE_AGE`` (``candidate_underage``)
11     a conviction not expunged         ``CANDIDATE_CONVICTION`` (``candidate_conviction``)
15     an expunged conviction            none: near miss (note only)
1      a well-formed PIN not in the      ``CANDIDATE_PIN_UNKNOWN`` (and no other rule)
       register (its birth date and sex
       are the filed ones)
9      a malformed PIN (13 digits)       ``CANDIDATE_PIN_UNKNOWN``
5      another person's name filed       ``CANDIDATE_NAME_MISMATCH`` (warning; the names
                                         score at most 70)
13     the name filed in passport Latin  none: near miss, the same name key (note)
6      dead by the register              ``CANDIDATE_DECEASED``
10     a Kazakh citizen only             ``CANDIDATE_NOT_CITIZEN``
14     stateless                         ``CANDIDATE_NOT_CITIZEN``
16     Kyrgyz and Russian citizen        ``CANDIDATE_OTHER_CITIZENSHIP``
18     25 years old on election day      none: near miss (note ``candidate_age_25``)
8, 19  one person on both lists          ``CANDIDATE_ON_TWO_LISTS`` on each list
17     55 candidates                     ``LIST_TOO_LONG`` (no line)
12     14 women of 54 (74% men)          ``LIST_SEX_SHARE`` (no line)
3      35 women of 50 (exactly 70%)      none: near miss (note ``near_miss_list_sex_share``)
0      4 of 54 under 35                  ``LIST_YOUNG_SHARE`` (warning, no line)
====== ================================= ================================================

The dead, foreign, stateless, dual-citizen and 25-year-old candidates are made on purpose in
the population (:data:`.people.CANDIDATE_SPECIALS`); the others come from the pool. Every
other list keeps to the list rules, and a planted candidate breaks only the rule recorded.
Ages are the run's own: no pool person whose birthday falls on election day or the day after
is drawn, so moving the story by whole weeks (:class:`.common.Calendar`) cannot push anyone
across an age limit.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from .candidate_plants import Candidate, ListShape, Plants
from .common import ELECTION_DAY, OLDEST_BIRTH, Calendar, age_on, rng_for
from .days import DayTables, day_tables
from .extras import ExtraRows, conviction, diploma, person_extras
from .parties import Party
from .people import Person, PersonRegisters, PopulationSample
from .planted import Planted
from .writers import write_csv

#: parties whose leader is not on the list (by index)
LEADER_OFF_LIST = (3, 8, 12, 17)
_DAY = timedelta(days=1)


def _steady_age(day: int) -> bool:
    """True unless the person's birthday falls on election day or the day after (as
    written): only then can a move of the story by whole weeks change their age on election
    day, when one of the two dates moves across a 29 February and the other does not."""
    born = OLDEST_BIRTH + timedelta(days=day)
    return age_on(born, ELECTION_DAY - _DAY) == age_on(born, ELECTION_DAY + _DAY)


class _Buckets:
    """The candidate pool split by sex, ethnic group and age band; draws without replacement."""

    def __init__(self, pool: list[Person], rng: random.Random, tables: DayTables) -> None:
        people = list(pool)
        rng.shuffle(people)
        self._b: dict[tuple[str, bool, str], list[Person]] = {}
        self._unsteady: list[Person] = []
        for p in people:
            if not _steady_age(p.day):
                self._unsteady.append(p)
                continue
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
        return [p for lst in self._b.values() for p in lst] + self._unsteady


def _bands(rng: random.Random, pos: int, shape: ListShape) -> tuple[str, ...]:
    """The age bands a position is drawn from, in order of preference."""
    if pos == 1:
        return ("senior", "mid")
    if shape.kinds.get(pos) == "candidate_underage":
        return ("underage",)
    if pos in shape.young:
        return ("young",)
    return ("mid", "senior") if rng.random() < 0.4 else ("senior", "mid")


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
    plants = Plants(len(parties), sample.special, seed, tables)
    candidates: list[Candidate] = []
    for idx, party in enumerate(parties):
        shape = plants.shape(rng, idx, per_party)
        n = len(shape.sexes)
        others = set(rng.sample(range(2, n + 1), min(n - 1, rng.randint(9, 13))))
        lst: list[Candidate] = []
        for pos in range(1, n + 1):
            person = shape.fixed.get(pos)
            if person is None:
                person = buckets.draw(
                    shape.sexes[pos - 1], pos not in others, _bands(rng, pos, shape)
                )
            lst.append(Candidate(party.code, pos, person, person, shape.kinds.get(pos, "")))
        plants.file(rng, idx, shape, lst)
        candidates.extend(lst)
        if idx in LEADER_OFF_LIST:
            party.leader = buckets.draw("M" if rng.random() < 0.8 else "F", True, ("senior",))
            party.leader_position = 0
        else:
            party.leader = lst[0].person
            party.leader_position = 1

    rows = _write_candidate_extras(candidates, parties, seed, registers, tables)
    plants.record(planted, [p.code for p in parties], candidates, rows)
    rest = ExtraRows(series=900)
    rest_rng = rng_for(seed, "pool-extras")
    for p in buckets.remaining():
        person_extras(rest_rng, rest, p.pin, p.day, p.sex == "M", tables)
    registers.write(rest)
    return candidates


def _write_candidate_extras(
    candidates: list[Candidate],
    parties: list[Party],
    seed: int,
    registers: PersonRegisters,
    tables: DayTables,
) -> ExtraRows:
    """Diplomas, convictions and certificates of everyone on a list (once each, a person on
    two lists too) and of the leaders off the lists; returns the rows written."""
    rng = rng_for(seed, "candidate-extras")
    calendar = tables.calendar
    rows = ExtraRows(series=901)
    seen: set[str] = set()
    for c in candidates:
        if c.person.pin in seen:
            continue
        seen.add(c.person.pin)
        birth_ord = tables.ordinal(c.person.day)
        kind = c.plant
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
    for p in parties:  # leaders who are not on a list are well-educated too
        if p.leader is not None and p.leader_position == 0:
            birth_ord = tables.ordinal(p.leader.day)
            rows.diplomas.append(diploma(rng, p.leader.pin, birth_ord, "higher", calendar))
    registers.write(rows)
    return rows


def write_candidates(path: Path, candidates: list[Candidate]) -> int:
    """Write ``candidates.csv``."""
    rows = [
        (
            c.party,
            c.position,
            c.filed.pin,
            c.filed.surname,
            c.filed.name,
            c.filed.patronymic,
            c.filed.birth_date,
            c.filed.sex,
            c.filed.region,
        )
        for c in candidates
    ]
    return write_csv(path, "candidates", rows)
