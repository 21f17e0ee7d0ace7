"""Clean donors and suppliers for the funds, drawn from the generated registers.

A clean donor is one on whom no contribution rule can fire on any day of the campaign
(:mod:`.donor_checks`): adult citizens from the population's donor sample, and Kyrgyz
companies with no foreign, state or planted trait, registered well before the campaign. The
pools are plain tuples so that worker processes receive them cheaply.

Some donors' names are kept in passport Latin as well (:mod:`.translit`): a filer may write
the name so, and it must still match the register (checked here with the platform's own
name similarity, so only unambiguous spellings are used).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from talapker.core.names import name_similarity

from .donor_checks import entity_flags, person_flags
from .entities import Entity
from .limits import Limits
from .ownership import EntityIndex
from .people import Person
from .translit import latin

if TYPE_CHECKING:
    from .payees import Payee

#: a Latin spelling is used only if it scores at least this against the register name
LATIN_MIN_SCORE = 95
#: Kyrgyz banks' account prefixes (first three digits) for donors' and suppliers' accounts
ACCOUNT_PREFIXES = ("103", "109", "112", "118", "124", "128", "129", "135")


class Donor(NamedTuple):
    """A person or entity that may give or be paid: register id and name, Latin spelling."""

    party_id: str
    name: str
    latin: str = ""  # "" when no unambiguous Latin spelling exists


@dataclass
class Pools:
    """What every fund draws from (picklable)."""

    people: list[Donor]
    entities: list[Donor]
    #: fixed entities by role: the two designated banks and the telecom operator
    banks: dict[str, Donor]
    telecom: Donor
    #: register rows for the planted payees (:mod:`.payees`), by plant
    payees: dict[str, list[Payee]] = field(default_factory=dict)


def account_for(party_id: str) -> str:
    """A stable 16-digit bank account for a donor or supplier (the same in every fund)."""
    digest = hashlib.sha256(party_id.encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    prefix = ACCOUNT_PREFIXES[number % len(ACCOUNT_PREFIXES)]
    return f"{prefix}{number % 10**13:013d}"


def _latin_spelling(name: str) -> str:
    spelled = latin(name)
    return spelled if name_similarity(name, spelled) >= LATIN_MIN_SCORE else ""


def clean_people(people: list[Person], limits: Limits) -> list[Donor]:
    """Donor-sample people on whom no individual rule fires from the campaign's first day."""
    return [
        Donor(p.pin, p.full_name, _latin_spelling(p.full_name))
        for p in people
        if not person_flags(p, limits.campaign_start, limits)
    ]


def clean_entities(index: EntityIndex, debts: dict[str, date], limits: Limits) -> list[Donor]:
    """The index's clean companies, minus any registered too recently for the campaign."""
    start = limits.campaign_start - timedelta(days=1)
    out = []
    for inn in index.kinds["clean"]:
        e = index.by_inn[inn]
        if inn not in debts and not entity_flags(e, start, index, debts, limits):
            out.append(Donor(e.inn, e.name))
    return out


def _named(index: EntityIndex, name: str) -> Entity:
    for e in index.entities:
        if e.name == name:
            return e
    raise ValueError(f"the register has no entity named {name!r}")


def make_pools(
    people: list[Person], index: EntityIndex, debts: dict[str, date], limits: Limits
) -> Pools:
    """The clean pools and the fixed entities the funds deal with."""
    banks = {
        bank: Donor(e.inn, e.name)
        for bank, e in (
            ("Айыл Банк", _named(index, 'ОАО "Айыл Банк"')),
            ("Элдик Банк", _named(index, 'ОАО "Элдик Банк"')),
        )
    }
    telecom = _named(index, 'ОАО "Кыргызтелеком"')
    return Pools(
        people=clean_people(people, limits),
        entities=clean_entities(index, debts, limits),
        banks=banks,
        telecom=Donor(telecom.inn, telecom.name),
    )
