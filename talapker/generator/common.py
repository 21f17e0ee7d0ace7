"""Shared constants and helpers: the election calendar, seeded RNGs, date and money formatting.

Everything random in the generator comes from :func:`rng_for`, which seeds a private
:class:`random.Random` from the run's seed and a section name. The global ``random`` module
and the current date are never used, so the same scale, seed and reference date always give
the same files.

The story is written once, in the dates below (a campaign that has just ended on
:data:`WRITTEN_TODAY`); :class:`Calendar` moves it to the reference date of a run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

#: The day the story is written for: election day was 11 days ago, the final reports were
#: due yesterday, and every report has been filed.
WRITTEN_TODAY = date(2026, 12, 10)
CAMPAIGN_START = date(2026, 10, 1)
ELECTION_DAY = date(2026, 11, 29)  # a Sunday
#: Date of the register snapshots handed to the commission (a week before election day).
SNAPSHOT = date(2026, 11, 20)

# First day of the population's birth-date range (a person aged about 96 at the snapshot).
OLDEST_BIRTH = date(1930, 1, 1)


@dataclass(frozen=True)
class Calendar:
    """The written story placed at a reference date: every date moves by the same whole
    number of weeks, so weekdays stay (election day is a Sunday) and every span of days
    stays as written. The reference date falls 11 to 17 days after election day.

    Sections reason in spans of days, which the move keeps. Ages are the one exception: a
    birthday can move a day against another date across a 29 February, so the day tables
    keep the written ages (:mod:`.days`) and the donor checks keep a day's margin around an
    age limit (:mod:`.donor_checks`): the same seed then draws the same people, rows and
    findings on every reference date.
    """

    weeks: int = 0

    @classmethod
    def at(cls, today: date) -> Calendar:
        """The calendar whose story has just ended on ``today``."""
        return cls((today - WRITTEN_TODAY).days // 7)

    @property
    def shift(self) -> timedelta:
        """How far every written date moves."""
        return timedelta(weeks=self.weeks)

    def on(self, written: date) -> date:
        """A date of the written story, moved to this calendar."""
        return written + self.shift

    def written(self, moved: date) -> date:
        """The written story's date of a date of this calendar."""
        return moved - self.shift

    @property
    def campaign_start(self) -> date:
        return self.on(CAMPAIGN_START)

    @property
    def election_day(self) -> date:
        return self.on(ELECTION_DAY)

    @property
    def snapshot(self) -> date:
        return self.on(SNAPSHOT)

    @property
    def election_code(self) -> str:
        """The election's code, by the year of its election day (``jk-2026``)."""
        return f"jk-{self.election_day.year}"


def rng_for(seed: int, *parts: object) -> random.Random:
    """Return a private RNG seeded from ``seed`` and a section name (plus optional parts).

    ``random.Random`` hashes a ``str`` seed with SHA-512, so the stream is stable across
    runs, processes and platforms (no dependence on ``PYTHONHASHSEED``).
    """
    key = ":".join([str(seed), *(str(p) for p in parts)])
    return random.Random(key)


def iso(d: date) -> str:
    """ISO 8601 date (``YYYY-MM-DD``)."""
    return d.isoformat()


def ddmmyyyy(d: date) -> str:
    """The date as embedded in a PIN or INN (``DDMMYYYY``)."""
    return f"{d.day:02d}{d.month:02d}{d.year:04d}"


def age_on(birth: date, when: date) -> int:
    """Age in full years on ``when``."""
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


def add_years(d: date, years: int) -> date:
    """``d`` shifted by whole years (29 February becomes 28 February)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A uniformly random date in ``[start, end]`` (``start`` if the range is empty)."""
    span = (end - start).days
    if span <= 0:
        return start
    return start + timedelta(days=rng.randint(0, span))


def money_cents(cents: int) -> str:
    """An amount given in tyiyn (hundredths of a som) as som with two decimals."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def percent(value: Decimal | int) -> str:
    """A share in percent with two decimals (``"100.00"``, ``"33.34"``)."""
    return f"{Decimal(value).quantize(Decimal('0.01')):.2f}"
