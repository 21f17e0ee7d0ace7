"""What the generated registers say about a donor on a given day, by contribution rule.

The generator uses these checks twice: to keep clean donors clean (no rule may fire on them
by accident) and to pick a planted violator on whom exactly the intended rule fires, so that
``planted.json`` is the whole truth. The checks follow ``rules.md``, with two readings made
explicit here (screening must make the same ones):

- an entity that is itself foreign (``ENTITY_FOREIGN``) is not also flagged for foreign
  participation, although its parent is by definition a foreign founder;
- a wholly state-owned entity (``ENTITY_STATE_OWNED``) is not also flagged for a state share;
  ``ENTITY_STATE_SHARE`` is a share above 0 and below 100 percent.

An international organisation among an entity's founders is neither foreign nor Kyrgyz in
the register; such entities are never used as donors (``AMBIGUOUS``).

A donor's age is reckoned on the written story's dates (:class:`~.common.Calendar`), and a
donor who comes of age within a day of the contribution is neither clean nor a minor
(``NEAR_MIN_AGE``): moved to another reference date, such a birthday can move a day against
the contribution's date, and the choice would change with the date or screening would
disagree with ``planted.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from talapker.core.identifiers import pin_consistent

from .common import age_on
from .entities import FOREIGN_FORMS, STATE_FORMS, Entity
from .limits import Limits
from .ownership import EntityIndex
from .people import Person

PROHIBITED_FORMS = ("religious", "foundation", "international")
#: a pseudo-rule: the entity has an international organisation among its founders
AMBIGUOUS = "AMBIGUOUS_INTERNATIONAL_FOUNDER"
#: a pseudo-rule: the donor reaches ``donor_min_age`` the day before, of or after the gift
NEAR_MIN_AGE = "NEAR_DONOR_MIN_AGE"
#: rules whose money must be returned in full within ``refund_days`` (else
#: ``PROHIBITED_NOT_REFUNDED``); the part above a donor cap must be returned too
PROHIBITED = frozenset(
    {
        "DONOR_UNIDENTIFIED",
        "DONOR_PIN_UNKNOWN",
        "DONOR_DECEASED",
        "DONOR_FOREIGN_CITIZEN",
        "DONOR_STATELESS",
        "ENTITY_INN_UNKNOWN",
        "ENTITY_FOREIGN",
        "ENTITY_FOREIGN_PARTICIPATION",
        "ENTITY_STATE_OWNED",
        "ENTITY_PROHIBITED_FORM",
        "ENTITY_TAX_DEBT",
        "ENTITY_LIQUIDATED",
    }
)


def person_flags(p: Person, on: date, limits: Limits) -> set[str]:
    """The individual-donor rules that fire on a contribution from ``p`` dated ``on``."""
    flags: set[str] = set()
    if not pin_consistent(p.pin, p.birth_date, p.sex):
        flags.add("DONOR_PIN_INCONSISTENT")
    if p.death_date and date.fromisoformat(p.death_date) < on:
        flags.add("DONOR_DECEASED")
    calendar = limits.calendar
    born, day = calendar.written(date.fromisoformat(p.birth_date)), calendar.written(on)
    minor = {age_on(born, day + timedelta(days=k)) < limits.donor_min_age for k in (-1, 0, 1)}
    if minor == {True}:
        flags.add("DONOR_MINOR")
    elif len(minor) == 2:
        flags.add(NEAR_MIN_AGE)
    countries = [c for c in p.citizenship.split(";") if c]
    if not countries:
        flags.add("DONOR_STATELESS")
    elif "KGZ" not in countries:
        flags.add("DONOR_FOREIGN_CITIZEN")
    elif len(countries) > 1:
        flags.add("DONOR_DUAL_CITIZEN")
    return flags


def foreign_chain(e: Entity, index: EntityIndex) -> list[str] | None:
    """The shortest chain of ids from ``e`` to a foreign founder, or None (cycle-safe)."""
    queue: list[tuple[Entity, list[str]]] = [(e, [e.inn])]
    seen = {e.inn}
    while queue:
        current, path = queue.pop(0)
        for kind, fid, _name, country, _share in current.founders:
            if country not in ("KGZ", ""):
                return [*path, fid]
            nxt = index.by_inn.get(fid) if kind == "entity" else None
            if nxt is not None and fid not in seen:
                seen.add(fid)
                queue.append((nxt, [*path, fid]))
    return None


def entity_flags(
    e: Entity, on: date, index: EntityIndex, debts: Mapping[str, date], limits: Limits
) -> set[str]:
    """The entity rules that fire on a contribution from ``e`` dated ``on``.

    ``debts`` maps a debtor's INN to the earliest ``as_of`` of its rows in
    ``tax_debtors.csv``: the entity owed the budget from that day.
    """
    flags: set[str] = set()
    if e.country != "KGZ" or e.form in FOREIGN_FORMS:
        flags.add("ENTITY_FOREIGN")
    elif foreign_chain(e, index) is not None:
        flags.add("ENTITY_FOREIGN_PARTICIPATION")
    if e.form in STATE_FORMS or e.state_share == "100.00":
        flags.add("ENTITY_STATE_OWNED")
    elif Decimal(e.state_share) > 0:
        flags.add("ENTITY_STATE_SHARE")
    if e.form in PROHIBITED_FORMS:
        flags.add("ENTITY_PROHIBITED_FORM")
    owed = debts.get(e.inn)
    if owed is not None and owed <= on:
        flags.add("ENTITY_TAX_DEBT")
    if (on - e.registered).days < limits.recent_entity_days:
        flags.add("ENTITY_RECENTLY_REGISTERED")
    if e.liquidated is not None and e.liquidated <= on:
        flags.add("ENTITY_LIQUIDATED")
    if any(f[0] == "international" for f in e.founders):
        flags.add(AMBIGUOUS)
    return flags
