"""The legal-entity register (``legal_entities.csv``).

INNs are ``0 + DDMMYYYY of registration + 5-digit serial``, unique by construction
(:class:`InnAllocator`). Sole traders are registered under their owner's PIN, which is also
their taxpayer number in Kyrgyzstan. The mix of legal forms is realistic: mostly LLCs and
sole traders, some NGOs, foundations and religious organisations, state bodies and state
and municipal enterprises (state share 100), a few partly state-owned companies, about 3%
foreign (branches and representative offices of foreign companies, and a few foreign
companies), some liquidated and some registered within weeks of the campaign.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from .common import ELECTION_DAY, SNAPSHOT, Calendar, ddmmyyyy, iso, random_date
from .entity_names import FOREIGN_PARENTS, entity_name
from .people import Person
from .writers import CsvFile

#: legal forms and their shares of the register (parties and fixed entities come extra)
FORM_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("llc", 0.52),
    ("sole_trader", 0.16),
    ("jsc", 0.03),
    ("ngo", 0.08),
    ("foundation", 0.03),
    ("religious", 0.02),
    ("state_body", 0.015),
    ("state_enterprise", 0.02),
    ("municipal_enterprise", 0.02),
    ("international", 0.005),
    ("foreign_branch", 0.011),
    ("foreign_rep_office", 0.012),
    ("other", 0.03),
    ("party", 0.002),  # parties that do not run in this election
)
FOREIGN_FORMS = ("foreign_branch", "foreign_rep_office")
STATE_FORMS = ("state_body", "state_enterprise", "municipal_enterprise")
COMMERCIAL_FORMS = ("llc", "jsc")
#: entity countries for foreign entities, with weights
FOREIGN_ENTITY_COUNTRIES = (
    ("RUS", 0.3), ("KAZ", 0.15), ("TUR", 0.15), ("CHN", 0.2), ("GBR", 0.04), ("DEU", 0.05),
    ("USA", 0.04), ("CYP", 0.04), ("ARE", 0.03),
)  # fmt: skip
#: well-known entities present in every generated register: (name, form, state share,
#: registration as written)
FIXED_ENTITIES = (
    ('ОАО "Айыл Банк"', "jsc", "100.00", date(1996, 7, 2)),
    ('ОАО "Элдик Банк"', "jsc", "100.00", date(1996, 4, 12)),
    ('ОАО "Кыргызтелеком"', "jsc", "77.84", date(1998, 3, 2)),
)
RECENT_SINCE = SNAPSHOT - timedelta(days=80)  # registered within 90 days before election day


@dataclass(slots=True)
class Entity:
    """One register row plus its founders (tuples of the ``founders.csv`` columns)."""

    inn: str
    name: str
    form: str
    country: str
    registered: date
    liquidated: date | None = None
    state_share: str = "0.00"
    founders: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    #: for sole traders: the owner
    owner: Person | None = None

    def row(self) -> tuple[str, ...]:
        """The ``legal_entities.csv`` row."""
        liq = iso(self.liquidated) if self.liquidated else ""
        return (
            self.inn,
            self.name,
            self.form,
            self.country,
            iso(self.registered),
            liq,
            self.state_share,
        )


class InnAllocator:
    """Hands out unique INNs: ``0 + DDMMYYYY + serial``, serial unique per date."""

    def __init__(self, seed: int) -> None:
        self._counts: dict[date, int] = {}
        self._offset = (seed * 613) % 100_000

    def allocate(self, registered: date) -> str:
        """A new INN for an entity registered on ``registered``."""
        k = self._counts.get(registered, 0)
        if k >= 100_000:
            raise RuntimeError(f"too many entities registered on {registered}")
        self._counts[registered] = k + 1
        serial = (k * 7919 + self._offset + registered.toordinal() * 31) % 100_000
        return f"0{ddmmyyyy(registered)}{serial:05d}"


def _registration_date(rng: random.Random) -> date:
    """Registration dates (as written): more recent years more likely, a few within the last
    weeks."""
    if rng.random() < 0.015:
        return random_date(rng, RECENT_SINCE, SNAPSHOT)
    year = 1992 + int(35 * rng.random() ** 0.7)
    start = date(min(year, ELECTION_DAY.year), 1, 1)
    return random_date(rng, start, min(date(year, 12, 31), SNAPSHOT - timedelta(days=81)))


def _liquidation(rng: random.Random, registered: date) -> date | None:
    """A liquidation date (as written) for some entities."""
    if rng.random() >= 0.04 or (SNAPSHOT - registered).days < 400:
        return None
    if rng.random() < 0.15:  # liquidated during the campaign
        return random_date(rng, date(2026, 10, 1), SNAPSHOT)
    return random_date(rng, registered + timedelta(days=365), SNAPSHOT)


def build_entities(
    rng: random.Random,
    count: int,
    inns: InnAllocator,
    sole_owners: list[Person],
    calendar: Calendar,
) -> list[Entity]:
    """Create ``count`` register rows (without founders), in a deterministic order.

    ``sole_owners`` supplies distinct owners for sole traders, in order. Dates are drawn as
    written and moved to ``calendar``.
    """
    on = calendar.on
    forms = [f for f, _ in FORM_WEIGHTS]
    cum = list(accumulate(w for _, w in FORM_WEIGHTS))
    countries = [c for c, _ in FOREIGN_ENTITY_COUNTRIES]
    ccum = list(accumulate(w for _, w in FOREIGN_ENTITY_COUNTRIES))
    owners = iter(sole_owners)
    entities: list[Entity] = []
    for name, form, share, written in FIXED_ENTITIES:
        registered = on(written)
        entities.append(
            Entity(inns.allocate(registered), name, form, "KGZ", registered, state_share=share)
        )
    while len(entities) < count:
        form = forms[min(bisect(cum, rng.random() * cum[-1]), len(forms) - 1)]
        country = "KGZ"
        if form in FOREIGN_FORMS or (form in COMMERCIAL_FORMS and rng.random() < 0.008):
            country = countries[min(bisect(ccum, rng.random() * ccum[-1]), len(countries) - 1)]
        registered = on(_registration_date(rng))
        if form == "sole_trader":
            owner = next(owners, None)
            if owner is None:
                form = "llc"
            else:
                registered = max(
                    registered, date.fromisoformat(owner.birth_date) + timedelta(days=6600)
                )
                registered = min(registered, calendar.snapshot)
                ent = Entity(
                    owner.pin,
                    entity_name(rng, form, country, owner.full_name),
                    form,
                    country,
                    registered,
                    _moved(_liquidation(rng, calendar.written(registered)), calendar),
                    owner=owner,
                )
                entities.append(ent)
                continue
        ent = Entity(
            inns.allocate(registered),
            entity_name(rng, form, country),
            form,
            country,
            registered,
            _moved(_liquidation(rng, calendar.written(registered)), calendar),
        )
        if form in STATE_FORMS:
            ent.state_share = "100.00"
            ent.liquidated = None
        entities.append(ent)
    return entities


def _moved(written: date | None, calendar: Calendar) -> date | None:
    return None if written is None else calendar.on(written)


def foreign_parent_country(entity: Entity) -> str:
    """The country of a foreign entity's parent (its own country in the register)."""
    return entity.country if entity.country in FOREIGN_PARENTS else "GBR"


def write_entities(path: Path, entities: list[Entity]) -> int:
    """Write ``legal_entities.csv``."""
    with CsvFile(path, "legal_entities") as out:
        out.writerows([e.row() for e in entities])
        return out.rows


def write_founders(path: Path, entities: list[Entity]) -> int:
    """Write ``founders.csv`` (one row per founder, entities in register order)."""
    with CsvFile(path, "founders") as out:
        for e in entities:
            out.writerows([(e.inn, *f) for f in e.founders])
        return out.rows
