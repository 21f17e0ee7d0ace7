"""The population register (``population.csv``) and the person-level registers beside it.

People are generated in chunks of :attr:`Scale.chunk_size`; each chunk has its own RNG
seeded from ``(seed, "population", chunk index)``, renders its rows to CSV text and returns
small samples of people that later sections need (the candidate pool, founders, donors,
special cases). Chunks are independent, so the national scale runs them in worker
processes; results are written in chunk order, so the output does not depend on how
many workers ran.

PINs are ``sex digit + DDMMYYYY + 5-digit serial``. The serial is unique per
``(sex, birth date)``: chunk ``c`` numbers its people ``c * 500 + k`` for each PIN prefix
(``k`` counts people with that prefix in the chunk) and the number is then scrambled by a
bijection of ``0..99999`` (an affine map whose offset depends on the prefix), so serials look
random but never collide.
"""

from __future__ import annotations

import multiprocessing
import random
from bisect import bisect
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, NamedTuple

from .common import Calendar, add_years, rng_for
from .days import DayTables, day_tables
from .election import DEFAULT_RULES
from .extras import ExtraRows, person_extras
from .names import (
    CITIZEN_ETHNICITIES,
    FOREIGN_COUNTRY_ETHNICITY,
    FOREIGN_SOUNDING,
    POOLS,
    make_name,
)
from .planted import Planted
from .regions import REGIONS
from .scales import Scale
from .writers import CsvFile, csv_text

MAX_CHUNKS = 200
_PER_CHUNK = 100_000 // MAX_CHUNKS  # serial numbers available per prefix per chunk
_SERIAL_MULTIPLIER = 7919  # coprime with 100000: a bijection of the serial space
_SPECIAL_CAP = 40  # people of each special kind kept per chunk
_FOREIGN_COUNTRIES = (("RUS", 0.35), ("KAZ", 0.2), ("UZB", 0.2), ("TUR", 0.1), ("CHN", 0.15))
_RECENT_DEATHS = date(2018, 1, 1)  # as written; deaths fall between then and the snapshot
#: the serial number no chunk reaches (the last of the last chunk: 500 people of one sex
#: born on one day in one chunk), for a well-formed PIN that no register row holds
_UNALLOCATED = MAX_CHUNKS * _PER_CHUNK - 1

#: People made in chunk 0 for the planted candidates (:mod:`.candidate_plants`), by kind:
#: age on election day and citizenship, and whether the register records a death. Each is
#: otherwise an ordinary candidate; like the candidate pool they skip :func:`person_extras`,
#: so the candidate section writes their diplomas. The ages are reckoned on the run's own
#: calendar: ``candidate_age_25`` turns 25 on election day itself (the near miss of
#: ``candidate_min_age``), the others are 100 days past a birthday, clear of any limit.
CANDIDATE_SPECIALS: dict[str, tuple[int, str, bool]] = {
    "candidate_deceased": (44, "KGZ", True),
    "candidate_foreign": (47, "KAZ", False),
    "candidate_stateless": (52, "", False),
    "candidate_dual": (41, "KGZ;RUS", False),
    "candidate_age_25": (25, "KGZ", False),
}


class Person(NamedTuple):
    """A register row kept in memory for later sections (all fields as written)."""

    pin: str
    surname: str
    name: str
    patronymic: str
    birth_date: str
    sex: str
    citizenship: str
    death_date: str
    region: str
    precinct: str
    ethnicity: str
    day: int  # index into the day tables (birth date)

    @property
    def full_name(self) -> str:
        """Surname, name and patronymic as one string."""
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)


@dataclass(frozen=True)
class ChunkTask:
    """What one chunk must generate (picklable, sent to workers)."""

    seed: int
    index: int
    size: int
    planted: int
    candidate_rate: float
    founder_rate: float
    donor_rate: float
    calendar: Calendar
    #: share of the adult biometric citizens kept as voters abroad (their own RNG stream)
    abroad_rate: float = 0.0


@dataclass
class ChunkResult:
    """One chunk's rendered CSV text and samples."""

    index: int
    rows: int
    population: str
    extras_text: tuple[str, str, str]
    extras_counts: tuple[int, int, int]
    candidate_pool: list[Person]
    founder_pool: list[Person]
    donors: list[Person]
    special: dict[str, list[Person]]
    notes: list[dict[str, Any]]
    abroad: list[Person] = field(default_factory=list)
    #: voters by the precinct of their address (:func:`voter_born_by`), and by the ages as
    #: written (the same on every reference date)
    voters: dict[str, int] = field(default_factory=dict)
    voters_as_written: dict[str, int] = field(default_factory=dict)


@dataclass
class PopulationSample:
    """People kept in memory after the population is written.

    ``candidate_pool`` members have no diplomas, convictions or certificates yet: the
    candidate section decides those. ``special`` holds capped lists by kind: ``minor``
    (14-17 on election day), ``deceased``, ``foreign`` (adults without Kyrgyz citizenship),
    ``dual``, ``stateless``, ``foreign_sounding`` (adult citizens with Korean or German
    names), ``pin_inconsistent`` (planted), and one person of each kind of
    :data:`CANDIDATE_SPECIALS` (not in the candidate pool, but their registers are undecided
    too). ``abroad`` holds voters who live abroad: citizens (dual ones too, and some without
    a home station) alive, biometric and 19 or older on election day (a year clear of the
    voting age, so that a moved calendar keeps them voters), never candidates or planted.
    ``voters`` counts, by the precinct of their address, everyone the platform's register
    build will put on the list at home (before the registrations abroad move some away):
    the precinct protocols need the number of voters at each station, and counting while
    the rows are made spares reading millions of them back. ``voters_as_written`` counts by
    the written ages (:mod:`.days`): a moved calendar can make someone born on the limit
    day a day younger or older, and the protocols are drawn from the count that stays.
    """

    candidate_pool: list[Person] = field(default_factory=list)
    founder_pool: list[Person] = field(default_factory=list)
    donors: list[Person] = field(default_factory=list)
    abroad: list[Person] = field(default_factory=list)
    special: dict[str, list[Person]] = field(default_factory=dict)
    voters: dict[str, int] = field(default_factory=dict)
    voters_as_written: dict[str, int] = field(default_factory=dict)
    rows: int = 0


def _cum(pairs: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    return tuple(k for k, _ in pairs), list(accumulate(w for _, w in pairs))


def _serial(prefix: str, number: int, seed: int) -> str:
    """The 5-digit serial of the ``number``-th person with this PIN prefix."""
    offset = seed % 100_000 + int(prefix) * 7333  # varies by prefix: serials look random
    return f"{(number * _SERIAL_MULTIPLIER + offset) % 100_000:05d}"


def unallocated_pin(prefix: str, seed: int) -> str:
    """A well-formed PIN with this prefix (sex digit and birth date) that the run's
    population register does not hold."""
    return prefix + _serial(prefix, _UNALLOCATED, seed)


def voter_born_by(calendar: Calendar) -> date:
    """The latest birth date of a voter: ``voter_min_age`` years on election day, reckoned
    as the register build reckons it (``talapker.voters.build.adult_on``; a 29 February
    becomes the 28th). The build's other conditions (Kyrgyz citizenship, alive, biometric,
    an address with a station) are read off the row itself."""
    return add_years(calendar.election_day, -DEFAULT_RULES["voter_min_age"])


def _special_day(kind: str, calendar: Calendar, tables: DayTables) -> int:
    """The day of birth of a person of :data:`CANDIDATE_SPECIALS`."""
    born = add_years(calendar.election_day, -CANDIDATE_SPECIALS[kind][0])
    if kind != "candidate_age_25":
        born -= timedelta(days=100)
    return tables.index_of(born)


def _mutated_prefix(rng: random.Random, male: bool, day: int, tables: DayTables) -> tuple[str, str]:
    """A PIN prefix that disagrees with the true sex or birth date (for planted rows)."""
    if rng.random() < 0.4:
        return ("1" if male else "2") + tables.pin_digits[day], "sex"
    true = date.fromordinal(tables.ordinal(day))
    if rng.random() < 0.5:
        shifted = date.fromordinal(true.toordinal() + rng.choice((-3, -2, -1, 1, 2, 3)))
    else:
        year = true.year + rng.choice((-1, 1))
        shifted = true.replace(year=year, day=min(true.day, 28))
    prefix = ("2" if male else "1") + f"{shifted.day:02d}{shifted.month:02d}{shifted.year:04d}"
    return prefix, "birth_date"


def population_chunk(task: ChunkTask) -> ChunkResult:
    """Generate one chunk of the population register (runs in a worker process)."""
    tables = day_tables(task.calendar)
    snapshot_ord = task.calendar.snapshot.toordinal()
    recent_deaths_ord = task.calendar.on(_RECENT_DEATHS).toordinal()
    voter_ord = voter_born_by(task.calendar).toordinal()
    rng = rng_for(task.seed, "population", task.index)
    r = rng.random
    # its own stream, so that drawing voters abroad leaves every other draw as it was
    abroad_r = rng_for(task.seed, "abroad", task.index).random
    days = rng.choices(range(len(tables)), cum_weights=tables.birth_cum_weights, k=task.size)
    region_cum = list(accumulate(reg.weight for reg in REGIONS))
    region_idx = rng.choices(range(len(REGIONS)), cum_weights=region_cum, k=task.size)
    precincts = [tuple(f"{c:04d}" for c in reg.precinct_codes) for reg in REGIONS]
    eth_codes, eth_cum = _cum(CITIZEN_ETHNICITIES)
    cty_codes, cty_cum = _cum(_FOREIGN_COUNTRIES)
    planted_at = set(rng.sample(range(task.size), task.planted))
    # chunk 0 makes the planted candidates' people, at its first rows not planted otherwise
    free = (i for i in range(task.size) if i not in planted_at)
    specials = dict(zip(free, CANDIDATE_SPECIALS, strict=False)) if task.index == 0 else {}

    counters: dict[str, int] = {}
    serial_base = task.index * _PER_CHUNK
    extras = ExtraRows(series=task.index)
    rows: list[tuple[str, ...]] = []
    cand: list[Person] = []
    founders: list[Person] = []
    donors: list[Person] = []
    abroad: list[Person] = []
    special: dict[str, list[Person]] = {}
    notes: list[dict[str, Any]] = []
    voters: dict[str, int] = {}
    as_written: dict[str, int] = {}
    voter_age = DEFAULT_RULES["voter_min_age"]

    def keep(kind: str, person: Person) -> None:
        lst = special.setdefault(kind, [])
        if len(lst) < _SPECIAL_CAP:
            lst.append(person)

    for i in range(task.size):
        planted = i in planted_at
        made = specials.get(i, "")
        if planted:
            day = tables.adult_days[int(r() * len(tables.adult_days))]
        else:
            day = _special_day(made, task.calendar, tables) if made else days[i]
        male = r() < 0.494
        x = 0.0 if planted or made else r()
        if x < 0.9845:
            cit = "KGZ"
            eth = eth_codes[bisect(eth_cum, r() * eth_cum[-1])]
        elif x < 0.9915:
            cit, eth = "KGZ;RUS", ("ru" if r() < 0.45 else "ky")
        elif x < 0.9945:
            cit, eth = "KGZ;KAZ", ("kz" if r() < 0.4 else "ky")
        elif x < 0.9995:
            cit = cty_codes[bisect(cty_cum, r() * cty_cum[-1])]
            eth = FOREIGN_COUNTRY_ETHNICITY[cit]
        else:
            cit, eth = "", ("ky", "ru", "uz")[int(r() * 3)]
        if made:
            cit = CANDIDATE_SPECIALS[made][1]
        year = tables.year[day]
        surname, name, patronymic = make_name(r, POOLS[eth], male, year)
        age = tables.age_at_snapshot[day]
        birth_ord = tables.ordinal(day)

        death = ""
        if made:
            if CANDIDATE_SPECIALS[made][2]:  # died after the lists were filed
                death = (task.calendar.snapshot - timedelta(days=30)).isoformat()
        elif not planted:
            pd = 0.004 if age < 50 else 0.015 if age < 65 else 0.04 if age < 75 else 0.1
            if r() < pd:
                lo = max(birth_ord, recent_deaths_ord)
                death = date.fromordinal(lo + int(r() * (snapshot_ord - lo + 1))).isoformat()
        if cit == "KGZ" or cit.startswith("KGZ;"):
            pb = 0.93 if age >= 18 else 0.5 if age >= 16 else 0.03
        else:
            pb = 0.3
        bio = "1" if planted or r() < pb else "0"
        if cit.startswith("KGZ") and (planted or r() < 0.88):
            since = tables.iso[day]
        else:
            lo = birth_ord + (6575 if age >= 18 and cit.startswith("KGZ") else 0)
            if not cit.startswith("KGZ"):
                lo = max(birth_ord, snapshot_ord - int(r() * 20 * 365))
            since = date.fromordinal(lo + int(r() * (snapshot_ord - lo + 1))).isoformat()
        reg = region_idx[i]
        precinct = (
            ""
            if (not planted and r() < 0.02)
            else precincts[reg][int(r() * REGIONS[reg].precincts)]
        )
        # every row counts, planted and candidates too: the register build reads them all
        if precinct and bio == "1" and not death and cit.startswith("KGZ"):
            if birth_ord <= voter_ord:
                voters[precinct] = voters.get(precinct, 0) + 1
            if tables.age_at_election[day] >= voter_age:
                as_written[precinct] = as_written.get(precinct, 0) + 1

        if planted:
            prefix, mismatch = _mutated_prefix(rng, male, day, tables)
        else:
            prefix = ("2" if male else "1") + tables.pin_digits[day]
        k = counters.get(prefix, 0)
        if k >= _PER_CHUNK:
            raise RuntimeError(f"too many people with PIN prefix {prefix} in one chunk")
        counters[prefix] = k + 1
        pin = prefix + _serial(prefix, serial_base + k, task.seed)
        sex = "M" if male else "F"
        region = REGIONS[reg].ky
        birth = tables.iso[day]
        rows.append(
            (pin, surname, name, patronymic, birth, sex, cit, death, bio, since, region, precinct)
        )
        person = Person(
            pin, surname, name, patronymic, birth, sex, cit, death, region, precinct, eth, day
        )
        if planted:
            notes.append(
                {
                    "kind": "register_pin_inconsistent",
                    "pin": pin,
                    "mismatch": mismatch,
                    "birth_date": tables.iso[day],
                    "sex": sex,
                }
            )
            keep("pin_inconsistent", person)
            person_extras(rng, extras, pin, day, male, tables)
            continue
        if made:
            keep(made, person)
            continue  # their diplomas etc. are decided with the party lists

        age_e = tables.age_at_election[day]
        if death:
            keep("deceased", person)
        elif cit == "KGZ" and precinct and bio == "1":
            if 24 <= age_e <= 75 and r() < task.candidate_rate:
                cand.append(person)
                continue  # their diplomas etc. are decided with the party lists
            if 21 <= age_e <= 80 and r() < task.founder_rate:
                founders.append(person)
            elif age_e >= 18 and r() < task.donor_rate:
                donors.append(person)
            if age_e >= 18 and eth in FOREIGN_SOUNDING:
                keep("foreign_sounding", person)
            elif 14 <= age_e < 18:
                keep("minor", person)
        elif age_e >= 18:
            if not cit:
                keep("stateless", person)
            elif cit.startswith("KGZ;"):
                keep("dual", person)
            elif not cit.startswith("KGZ"):
                keep("foreign", person)
        voter = not death and bio == "1" and cit.startswith("KGZ") and age_e >= 19
        if voter and abroad_r() < task.abroad_rate:
            abroad.append(person)
        person_extras(rng, extras, pin, day, male, tables)

    return ChunkResult(
        index=task.index,
        rows=len(rows),
        population=csv_text(rows),
        extras_text=(
            csv_text(extras.diplomas),
            csv_text(extras.convictions),
            csv_text(extras.certificates),
        ),
        extras_counts=(len(extras.diplomas), len(extras.convictions), len(extras.certificates)),
        candidate_pool=cand,
        founder_pool=founders,
        donors=donors,
        special=special,
        notes=notes,
        abroad=abroad,
        voters=voters,
        voters_as_written=as_written,
    )


def plan_chunks(scale: Scale, seed: int, calendar: Calendar) -> list[ChunkTask]:
    """Split the population into chunks and set the sampling rates."""
    n = -(-scale.people // scale.chunk_size)
    if n > MAX_CHUNKS:
        raise ValueError(f"{scale.people} people need more than {MAX_CHUNKS} chunks")
    # expected eligible shares of the population (from the age shape; rough is fine)
    candidate_rate = min(1.0, 8_000 / (scale.people * 0.5))
    founder_rate = min(1.0, max(1_500, scale.entities * 0.7) / (scale.people * 0.5))
    donor_rate = min(1.0, scale.donor_sample / (scale.people * 0.5))
    # about 55 % of people are citizens, alive, biometric and 19 or older: keep a quarter more
    abroad_rate = min(1.0, scale.abroad_registrations * 1.25 / (scale.people * 0.55))
    tasks = []
    for c in range(n):
        size = min(scale.chunk_size, scale.people - c * scale.chunk_size)
        planted = scale.pin_inconsistent // n + (1 if c < scale.pin_inconsistent % n else 0)
        rates = (candidate_rate, founder_rate, donor_rate)
        tasks.append(ChunkTask(seed, c, size, planted, *rates, calendar, abroad_rate))
    return tasks


def _run(tasks: list[ChunkTask], workers: int) -> Iterator[ChunkResult]:
    if workers <= 1 or len(tasks) <= 2:
        for task in tasks:
            yield population_chunk(task)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(population_chunk, tasks)


@dataclass
class PersonRegisters:
    """The open person-level register files; the candidate section appends to them."""

    diplomas: CsvFile
    convictions: CsvFile
    certificates: CsvFile

    def write(self, rows: ExtraRows) -> None:
        """Append rows drawn outside the population chunks."""
        self.diplomas.writerows(rows.diplomas)
        self.convictions.writerows(rows.convictions)
        self.certificates.writerows(rows.certificates)

    def close(self) -> None:
        """Close all three files."""
        for f in (self.diplomas, self.convictions, self.certificates):
            f.close()


def write_population(
    registers_dir: Path,
    scale: Scale,
    seed: int,
    planted: Planted,
    calendar: Calendar,
    workers: int | None = None,
) -> tuple[PopulationSample, PersonRegisters, int]:
    """Write ``population.csv`` and start the three person-level registers.

    Returns the in-memory sample, the still-open person registers (the candidate section
    adds its rows, then closes them) and the population row count.
    """
    tasks = plan_chunks(scale, seed, calendar)
    sample = PopulationSample()
    regs = PersonRegisters(
        CsvFile(registers_dir / "diplomas.csv", "diplomas"),
        CsvFile(registers_dir / "convictions.csv", "convictions"),
        CsvFile(registers_dir / "language_certificates.csv", "language_certificates"),
    )
    with CsvFile(registers_dir / "population.csv", "population") as out:
        for res in _run(tasks, scale.workers if workers is None else workers):
            out.write_text(res.population, res.rows)
            for f, text, count in zip(
                (regs.diplomas, regs.convictions, regs.certificates),
                res.extras_text,
                res.extras_counts,
                strict=True,
            ):
                f.write_text(text, count)
            sample.candidate_pool.extend(res.candidate_pool)
            sample.founder_pool.extend(res.founder_pool)
            sample.donors.extend(res.donors)
            sample.abroad.extend(res.abroad)
            for counts, more in ((sample.voters, res.voters),
                                 (sample.voters_as_written, res.voters_as_written)):  # fmt: skip
                for precinct, count in more.items():
                    counts[precinct] = counts.get(precinct, 0) + count
            for kind, people in res.special.items():
                sample.special.setdefault(kind, []).extend(people)
            planted.extend(res.notes)
        sample.rows = out.rows
    return sample, regs, out.rows
