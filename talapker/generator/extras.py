"""Person-level registers: diplomas, convictions and state-language certificates.

:func:`person_extras` draws, for one person, the rows these three registers hold about
them; the population chunks call it for everybody except the candidate pool and the people
made for the planted candidates, whose rows are decided once the party lists are drawn
(:mod:`.candidates`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .common import Calendar
from .days import DayTables

_CERT_EPOCH = date(2014, 1, 1)  # as written: the first state-language certificates

#: Criminal Code articles (2021 code) that commonly appear in sentences
ARTICLES = (
    "УК КР ст. 205 ч. 1",
    "УК КР ст. 205 ч. 2",
    "УК КР ст. 209 ч. 1",
    "УК КР ст. 214 ч. 2",
    "УК КР ст. 263 ч. 1",
    "УК КР ст. 283 ч. 1",
    "УК КР ст. 345 ч. 1",
    "УК КР ст. 336 ч. 2",
)
CERT_LEVELS = ("A2", "B1", "B1", "B2", "B2", "B2", "C1", "C1", "C2")


@dataclass
class ExtraRows:
    """Rows for the three person-level registers, as lists of tuples."""

    diplomas: list[tuple[str, str, str]] = field(default_factory=list)
    convictions: list[tuple[str, str, str, str]] = field(default_factory=list)
    certificates: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: certificate numbers are ``КТ-<year>-<series><counter>``; series keeps them unique
    series: int = 0
    counter: int = 0

    def certificate_no(self, year: int) -> str:
        """A new certificate number, unique across the run."""
        self.counter += 1
        return f"КТ-{year}-{self.series:03d}{self.counter:05d}"


def _iso(ordinal: int, calendar: Calendar) -> str:
    """The date, or the snapshot's if it is later (a register holds nothing after it)."""
    return date.fromordinal(min(ordinal, calendar.snapshot.toordinal())).isoformat()


def _between(rng: random.Random, lo: int, hi: int) -> int:
    """A random ordinal in ``[lo, hi]`` (``lo`` when empty)."""
    return lo if hi <= lo else rng.randint(lo, hi)


def diploma(
    rng: random.Random, pin: str, birth_ord: int, level: str, calendar: Calendar
) -> tuple[str, str, str]:
    """One diploma row, issued in June or July of the year the person reaches the usual age
    (years as written, the date moved with the story)."""
    years = {"secondary": 17, "vocational": 19, "higher": 22}[level]
    if level == "higher":
        years += rng.randint(-1, 2)
    year = calendar.written(date.fromordinal(birth_ord)).year + years
    issued = calendar.on(date(year, 6, 15)).toordinal() + rng.randint(0, 45)
    return (pin, level, _iso(issued, calendar))


def conviction(
    rng: random.Random,
    pin: str,
    birth_ord: int,
    calendar: Calendar,
    expunged: bool | None = None,
) -> tuple[str, str, str, str]:
    """One conviction row after the person's 18th birthday."""
    snapshot = calendar.snapshot.toordinal()
    conv = _between(rng, birth_ord + 6575, snapshot - 30)
    if expunged is None:
        old = snapshot - conv > 6 * 365
        expunged = rng.random() < (0.6 if old else 0.1)
    article = ARTICLES[int(rng.random() * len(ARTICLES))]
    return (pin, article, _iso(conv, calendar), "1" if expunged else "0")


def person_extras(
    rng: random.Random, out: ExtraRows, pin: str, day: int, male: bool, tables: DayTables
) -> None:
    """Append the register rows one person has (most people have none)."""
    age = tables.age_at_snapshot[day]
    if age < 17:
        return
    r = rng.random
    calendar = tables.calendar
    birth_ord = tables.ordinal(day)
    x = r()
    if age >= 22 and x < 0.2:
        out.diplomas.append(diploma(rng, pin, birth_ord, "higher", calendar))
    elif age >= 19 and x < 0.32:
        out.diplomas.append(diploma(rng, pin, birth_ord, "vocational", calendar))
    elif x < 0.47:
        out.diplomas.append(diploma(rng, pin, birth_ord, "secondary", calendar))
    if age < 18:
        return
    if r() < (0.015 if male else 0.002):
        out.convictions.append(conviction(rng, pin, birth_ord, calendar))
    if r() < 0.025:
        epoch = calendar.on(_CERT_EPOCH).toordinal()
        issued = _between(rng, max(birth_ord + 6575, epoch), calendar.snapshot.toordinal())
        d = date.fromordinal(issued)
        level = CERT_LEVELS[int(r() * len(CERT_LEVELS))]
        out.certificates.append((pin, out.certificate_no(d.year), level, d.isoformat()))
