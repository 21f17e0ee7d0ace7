"""Shared constants and helpers: the election calendar, seeded RNGs, date and money formatting.

Everything random in the generator comes from :func:`rng_for`, which seeds a private
:class:`random.Random` from the run's seed and a section name. The global ``random`` module
and the current date are never used, so the same scale and seed always give the same files.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

ELECTION_CODE = "jk-2026"
CAMPAIGN_START = date(2026, 10, 1)
ELECTION_DAY = date(2026, 11, 29)
#: Date of the register snapshots handed to the commission (a week before election day).
SNAPSHOT = date(2026, 11, 20)

# First day of the population's birth-date range (a person aged about 96 at the snapshot).
OLDEST_BIRTH = date(1930, 1, 1)


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
