"""Election-fund accounts (``accounts.csv``): one special account per party.

The commission designates two state banks. Account numbers are 16 digits starting with the
bank's three-digit code, as the banks print them in their statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .common import Calendar, iso, rng_for
from .parties import Party
from .writers import write_csv

#: designated banks and their account-number prefixes
BANKS: tuple[tuple[str, str], ...] = (("Айыл Банк", "135"), ("Элдик Банк", "129"))


@dataclass(frozen=True)
class Account:
    """A fund's special account."""

    fund: str
    bank: str
    account: str
    opened_on: date


def make_accounts(parties: list[Party], seed: int, calendar: Calendar) -> list[Account]:
    """Open one account per party within the first days of the campaign."""
    rng = rng_for(seed, "accounts")
    accounts: list[Account] = []
    seen: set[str] = set()
    for p in parties:
        bank, prefix = BANKS[0] if rng.random() < 0.55 else BANKS[1]
        number = prefix + "".join(rng.choice("0123456789") for _ in range(13))
        while number in seen:
            number = prefix + "".join(rng.choice("0123456789") for _ in range(13))
        seen.add(number)
        opened = calendar.campaign_start + timedelta(days=rng.randint(0, 4))
        accounts.append(Account(p.code, bank, number, opened))
    return accounts


def write_accounts(path: Path, accounts: list[Account]) -> int:
    """Write ``accounts.csv``."""
    return write_csv(
        path, "accounts", [(a.fund, a.bank, a.account, iso(a.opened_on)) for a in accounts]
    )
