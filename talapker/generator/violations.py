"""Contributions that break a contribution rule, from the people and entities the registers
already hold (``population.special`` and the entity index's categories).

For every rule of ``rules.md`` whose data the world has, :func:`plan_violations` picks
donors on whom exactly that rule fires on the contribution's date (:mod:`.donor_checks`), so
each planted contribution is exactly one finding (plus ``PROHIBITED_NOT_REFUNDED`` where the
money was not returned in time, decided by the fund). Ids that must not be in a register
(an unknown PIN or INN) are made so that they cannot collide with one: a PIN of someone born
in 1925 (the population starts in 1930) and an INN registered in 1989 (the register starts
in 1992). Rules that depend on a fund's own figures (caps, clusters, names, dates) are
planted by :mod:`.fund_plants`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .common import Calendar, ddmmyyyy
from .donor_checks import PROHIBITED, entity_flags, foreign_chain, person_flags
from .donors import Donor
from .entities import Entity
from .entity_names import commercial_name
from .limits import Limits
from .names import POOLS, full_name, make_name
from .ownership import EntityIndex
from .people import Person

#: every contribution rule and its severity (rules.md, "Contribution rules")
SEVERITY = {
    "DONOR_UNIDENTIFIED": "violation",
    "DONOR_PIN_UNKNOWN": "violation",
    "DONOR_PIN_INCONSISTENT": "warning",
    "DONOR_NAME_MISMATCH": "warning",
    "DONOR_DECEASED": "violation",
    "DONOR_MINOR": "warning",
    "DONOR_FOREIGN_CITIZEN": "violation",
    "DONOR_DUAL_CITIZEN": "warning",
    "DONOR_STATELESS": "violation",
    "ENTITY_INN_UNKNOWN": "violation",
    "ENTITY_FOREIGN": "violation",
    "ENTITY_FOREIGN_PARTICIPATION": "violation",
    "ENTITY_STATE_OWNED": "violation",
    "ENTITY_STATE_SHARE": "warning",
    "ENTITY_PROHIBITED_FORM": "violation",
    "ENTITY_TAX_DEBT": "violation",
    "ENTITY_RECENTLY_REGISTERED": "warning",
    "ENTITY_LIQUIDATED": "violation",
    "DONOR_CAP_EXCEEDED": "violation",
    "CASH_OVER_LIMIT": "violation",
    "OUTSIDE_CAMPAIGN": "warning",
    "PROHIBITED_NOT_REFUNDED": "violation",
    "FUND_CAP_EXCEEDED": "violation",
    "SPENDING_CAP_EXCEEDED": "violation",
    "DONOR_CLUSTER": "notice",
}
RECENT_LIQUIDATION = date(2025, 1, 1)  # as written
PERSON_RULES = {
    "DONOR_PIN_INCONSISTENT": "pin_inconsistent",
    "DONOR_DECEASED": "deceased",
    "DONOR_MINOR": "minor",
    "DONOR_FOREIGN_CITIZEN": "foreign",
    "DONOR_DUAL_CITIZEN": "dual",
    "DONOR_STATELESS": "stateless",
}
ENTITY_RULES = {
    "ENTITY_FOREIGN": "foreign",
    "ENTITY_FOREIGN_PARTICIPATION": "foreign_participation",
    "ENTITY_STATE_OWNED": "state_owned",
    "ENTITY_STATE_SHARE": "state_share",
    "ENTITY_PROHIBITED_FORM": "prohibited_form",
    "ENTITY_TAX_DEBT": "tax_debtor",
    "ENTITY_RECENTLY_REGISTERED": "recent",
    "ENTITY_LIQUIDATED": "liquidated",
}


@dataclass
class Violation:
    """A contribution planted to break ``rule``, decided before its fund is generated."""

    rule: str
    when: date
    donor_kind: str  # individual | legal_entity
    donor: Donor  # as the register (or, for an unknown id, the filer) names the donor
    filed_id: str  # the id the filer wrote
    amount: Decimal
    method: str  # bank | cash
    evidence: dict[str, Any]
    #: days after which the fund returns the money; None: never (prohibited rules only)
    refund_after: int | None = None

    @property
    def severity(self) -> str:
        return SEVERITY[self.rule]

    @property
    def prohibited(self) -> bool:
        return self.rule in PROHIBITED


@dataclass
class WorldView:
    """The parts of the world the planner reads."""

    special: Mapping[str, list[Person]]
    index: EntityIndex
    debts: Mapping[str, list[tuple[str, str, str]]]  # INN -> (debt, creditor, as_of) rows
    clean_people: list[Donor]


def _person_evidence(rule: str, p: Person, on: date) -> dict[str, Any]:
    ev: dict[str, Any] = {"pin": p.pin}
    if rule == "DONOR_PIN_INCONSISTENT":
        ev |= {"birth_date": p.birth_date, "sex": p.sex}
    elif rule == "DONOR_DECEASED":
        ev["death_date"] = p.death_date
    elif rule == "DONOR_MINOR":
        ev["birth_date"] = p.birth_date
    else:
        ev["citizenship"] = p.citizenship
    return ev


def _entity_evidence(rule: str, e: Entity, view: WorldView, on: date) -> dict[str, Any]:
    ev: dict[str, Any] = {"inn": e.inn}
    if rule == "ENTITY_FOREIGN":
        ev |= {"legal_form": e.form, "country": e.country}
    elif rule == "ENTITY_FOREIGN_PARTICIPATION":
        ev["chain"] = foreign_chain(e, view.index)
    elif rule in ("ENTITY_STATE_OWNED", "ENTITY_STATE_SHARE"):
        ev |= {"legal_form": e.form, "state_share": e.state_share}
    elif rule == "ENTITY_PROHIBITED_FORM":
        ev["legal_form"] = e.form
    elif rule == "ENTITY_TAX_DEBT":
        debt, creditor, as_of = min(view.debts[e.inn], key=lambda r: r[2])
        ev |= {"debt_kgs": debt, "creditor": creditor, "as_of": as_of}
    elif rule == "ENTITY_RECENTLY_REGISTERED":
        ev["registration_date"] = e.registered.isoformat()
    elif rule == "ENTITY_LIQUIDATED":
        ev["liquidation_date"] = e.liquidated.isoformat() if e.liquidated else ""
    return ev


def _pick(
    rng: random.Random,
    candidates: list[Any],
    count: int,
    day: Callable[[], date],
    fires: Callable[[Any, date], bool],
) -> list[tuple[Any, date]]:
    pool = list(candidates)
    rng.shuffle(pool)
    out = []
    for c in pool:
        when = day()
        if fires(c, when):
            out.append((c, when))
            if len(out) == count:
                break
    return out


def plan_violations(
    view: WorldView, limits: Limits, per_rule: int, rng: random.Random, window: tuple[date, date]
) -> tuple[list[Violation], list[str]]:
    """The planted contributions, and the rules skipped for want of register data."""
    start, end = window

    def day() -> date:
        return start + timedelta(days=rng.randint(0, (end - start).days))

    def person_amount() -> Decimal:
        return Decimal(rng.choice((1000, 2000, 5000, 10_000, 20_000, 30_000, 50_000)))

    out: list[Violation] = []
    skipped: list[str] = []
    for rule, category in PERSON_RULES.items():
        people = view.special.get(category, [])

        def only(p: Person, d: date, r: str = rule) -> bool:
            return person_flags(p, d, limits) == {r}

        chosen = _pick(rng, people, per_rule, day, only)
        if not chosen:
            skipped.append(rule)
        for p, when in chosen:
            method = "cash" if rng.random() < 0.25 else "bank"
            ev = _person_evidence(rule, p, when)
            out.append(
                Violation(
                    rule,
                    when,
                    "individual",
                    Donor(p.pin, p.full_name),
                    p.pin,
                    person_amount(),
                    method,
                    ev,
                )
            )
    debt_since = {
        inn: min(date.fromisoformat(r[2]) for r in rows) for inn, rows in view.debts.items()
    }
    for rule, category in ENTITY_RULES.items():
        entities = [
            view.index.by_inn[inn]
            for inn in view.index.kinds.get(category, [])
            if view.index.by_inn[inn].form not in ("sole_trader", "party")
        ]
        if rule == "ENTITY_LIQUIDATED":  # prefer companies wound up lately, when any are
            since = limits.calendar.on(RECENT_LIQUIDATION)
            lately = [e for e in entities if e.liquidated and e.liquidated >= since]
            entities = lately or entities

        def fires(e: Entity, d: date, r: str = rule) -> bool:
            return e.registered < d and entity_flags(e, d, view.index, debt_since, limits) == {r}

        chosen = _pick(rng, entities, per_rule, day, fires)
        if not chosen:
            skipped.append(rule)
        for e, when in chosen:
            amount = Decimal(rng.choice((50_000, 100_000, 200_000, 300_000, 500_000)))
            ev = _entity_evidence(rule, e, view, when)
            out.append(
                Violation(
                    rule, when, "legal_entity", Donor(e.inn, e.name), e.inn, amount, "bank", ev
                )
            )
    out += _unknown_ids(view, rng, per_rule, day, person_amount, limits.calendar)
    _decide_refunds(out, limits, rng)
    return out, skipped


def _unknown_ids(
    view: WorldView,
    rng: random.Random,
    per_rule: int,
    day: Callable[[], date],
    person_amount: Callable[[], Decimal],
    calendar: Calendar,
) -> list[Violation]:
    """Donors without a usable id, or with one no register holds."""
    out = []
    for k in range(per_rule):
        real = view.clean_people[int(rng.random() * len(view.clean_people))]
        filed = "" if k % 2 == 0 else real.party_id[:-1]  # no id, or a PIN a digit short
        out.append(
            Violation(
                "DONOR_UNIDENTIFIED",
                day(),
                "individual",
                real,
                filed,
                person_amount(),
                "bank",
                {"donor_id": filed},
            )
        )
    for _ in range(per_rule):
        male = rng.random() < 0.5
        born = calendar.on(date(1925, 1, 1)) + timedelta(days=rng.randint(0, 364))
        pin = ("2" if male else "1") + ddmmyyyy(born) + f"{rng.randint(0, 99_999):05d}"
        name = full_name(*make_name(rng.random, POOLS["ky"], male, 1925))
        out.append(
            Violation(
                "DONOR_PIN_UNKNOWN",
                day(),
                "individual",
                Donor(pin, name),
                pin,
                person_amount(),
                "bank",
                {"pin": pin},
            )
        )
    for _ in range(per_rule):
        registered = calendar.on(date(1989, 1, 1)) + timedelta(days=rng.randint(0, 364))
        inn = "0" + ddmmyyyy(registered) + f"{rng.randint(0, 99_999):05d}"
        assert inn not in view.index.by_inn
        amount = Decimal(rng.choice((100_000, 150_000, 250_000)))
        donor = Donor(inn, commercial_name(rng, "llc"))
        out.append(
            Violation(
                "ENTITY_INN_UNKNOWN",
                day(),
                "legal_entity",
                donor,
                inn,
                amount,
                "bank",
                {"inn": inn},
            )
        )
    return out


def _decide_refunds(plans: list[Violation], limits: Limits, rng: random.Random) -> None:
    """Most prohibited money is returned in time; one on the last allowed day (a near miss),
    one too late; anonymous money (no usable id) is never returned to anyone."""
    returnable = [v for v in plans if v.prohibited and v.rule != "DONOR_UNIDENTIFIED"]
    for v in returnable:
        v.refund_after = rng.randint(2, limits.refund_days - 1)
    if returnable:
        returnable[0].refund_after = limits.refund_days
    if len(returnable) > 1:
        returnable[-1].refund_after = limits.refund_days + 2
