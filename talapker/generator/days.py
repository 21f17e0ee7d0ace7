"""Precomputed day tables for fast per-row work: ISO strings, PIN date digits and ages.

The population has millions of rows; formatting a date per row is too slow, so every day
from :data:`~talapker.generator.common.OLDEST_BIRTH` to the snapshot is indexed once per
process (about 35,000 days) and rows refer to days by index.

The dates (``iso``, ``pin_digits``, ``ordinal``) are those of the run's :class:`Calendar`;
the years and ages are the written story's, so that who is drawn, and how, does not change
with the reference date (a move by whole weeks can shift a birthday by a day against the
snapshot or election day across a 29 February).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate

from .common import ELECTION_DAY, OLDEST_BIRTH, SNAPSHOT, Calendar, age_on, ddmmyyyy


def age_weight(age: int) -> float:
    """Relative share of people of one age (a young population, as in Kyrgyzstan)."""
    if age < 10:
        return 2.3
    if age < 20:
        return 2.0
    if age < 30:
        return 1.7
    if age < 40:
        return 1.6
    if age < 50:
        return 1.25
    if age < 60:
        return 1.05
    if age < 70:
        return 0.75
    if age < 80:
        return 0.3
    if age < 90:
        return 0.09
    return 0.02


@dataclass(frozen=True)
class DayTables:
    """Per-day lookup tables; index 0 is :data:`OLDEST_BIRTH` (moved to the calendar)."""

    calendar: Calendar
    first_ordinal: int
    iso: tuple[str, ...]
    pin_digits: tuple[str, ...]
    #: the written birth year (name fashions follow it)
    year: tuple[int, ...]
    age_at_snapshot: tuple[int, ...]
    age_at_election: tuple[int, ...]
    #: cumulative birth weights over all days (for ``random.choices``)
    birth_cum_weights: tuple[float, ...]
    #: indexes of days of birth of people aged 20-70 on the snapshot date
    adult_days: tuple[int, ...]

    def ordinal(self, index: int) -> int:
        """The proleptic Gregorian ordinal of day ``index``."""
        return self.first_ordinal + index

    def index_of(self, d: date) -> int:
        """The table index of a date."""
        return d.toordinal() - self.first_ordinal

    def __len__(self) -> int:
        return len(self.iso)


@lru_cache(maxsize=2)
def day_tables(calendar: Calendar) -> DayTables:
    """Build (once per process and calendar) the tables for every day up to the snapshot."""
    first = OLDEST_BIRTH.toordinal()
    days = [date.fromordinal(o) for o in range(first, SNAPSHOT.toordinal() + 1)]
    moved = [calendar.on(d) for d in days]
    age_s = tuple(age_on(d, SNAPSHOT) for d in days)
    weights = [age_weight(a) for a in age_s]
    return DayTables(
        calendar=calendar,
        first_ordinal=moved[0].toordinal(),
        iso=tuple(d.isoformat() for d in moved),
        pin_digits=tuple(ddmmyyyy(d) for d in moved),
        year=tuple(d.year for d in days),
        age_at_snapshot=age_s,
        age_at_election=tuple(age_on(d, ELECTION_DAY) for d in days),
        birth_cum_weights=tuple(accumulate(weights)),
        adult_days=tuple(i for i, a in enumerate(age_s) if 20 <= a <= 70),
    )
