"""Tax and Social Fund debtors (``tax_debtors.csv``).

About 2% of entities owe the budget (``tax``) or the Social Fund (``social_fund``), some
both; sole traders are listed under their PIN (their taxpayer number). A few further
individuals who trade on a patent, without a register entry, owe tax under their PIN too.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from .common import Calendar, money_cents, random_date
from .ownership import EntityIndex
from .people import Person
from .writers import write_csv


def _debt(rng: random.Random) -> str:
    """A debt between about 500 and 5,000,000 som, skewed towards small amounts."""
    som = 10 ** rng.uniform(2.7, 6.7)
    return money_cents(int(som * 100))


def tax_debtor_rows(
    rng: random.Random, index: EntityIndex, individuals: list[Person], calendar: Calendar
) -> list[tuple[str, str, str, str]]:
    """Draw the debtor rows and record the ``tax_debtor`` category on ``index``."""
    since, snapshot = calendar.on(date(2026, 1, 15)), calendar.snapshot
    rows: list[tuple[str, str, str, str]] = []
    debtors: list[str] = []
    for e in index.entities:
        if e.form in ("state_body", "party", "international") or rng.random() >= 0.02:
            continue
        debtors.append(e.inn)
        creditors: tuple[str, ...] = ("tax",) if rng.random() < 0.6 else ("social_fund",)
        if rng.random() < 0.2:
            creditors = ("tax", "social_fund")
        for creditor in creditors:
            as_of = random_date(rng, since, snapshot)
            rows.append((e.inn, _debt(rng), creditor, as_of.isoformat()))
    n_people = max(3, len(index.entities) // 400)
    for p in rng.sample(individuals, min(n_people, len(individuals))):
        rows.append((p.pin, _debt(rng), "tax", random_date(rng, since, snapshot).isoformat()))
    index.kinds["tax_debtor"] = debtors
    listed = set(debtors)
    index.kinds["clean"] = [inn for inn in index.kinds["clean"] if inn not in listed]
    return rows


def write_tax_debtors(path: Path, rows: list[tuple[str, str, str, str]]) -> int:
    """Write ``tax_debtors.csv``."""
    return write_csv(path, "tax_debtors", rows)
