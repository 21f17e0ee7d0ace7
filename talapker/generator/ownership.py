"""Assigns founders to every entity and plants the ownership structures of :mod:`.founders`.

The result is an :class:`EntityIndex`: the entities with their founders plus lists of INNs
by category, which later sections (contributions, ads) use to pick clean and prohibited
donors without reading the registers back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from .common import Calendar
from .entities import COMMERCIAL_FORMS, FOREIGN_FORMS, RECENT_SINCE, STATE_FORMS, Entity
from .founders import Founder, FounderContext, _with_shares, default_founders
from .people import Person
from .planted import Planted
from .scales import Scale

#: entity categories kept in :attr:`EntityIndex.kinds`
CATEGORIES = (
    "clean",  # KGZ llc/jsc, active, not recent, no state, foreign or planted trait
    "foreign",  # the entity itself is foreign (country != KGZ, branches, rep offices)
    "foreign_participation",  # foreign founder directly or through a chain (planted)
    "state_owned",  # state body, state or municipal enterprise, or state share 100
    "state_share",  # partly state-owned
    "prohibited_form",  # religious, foundation, international
    "liquidated",
    "recent",  # registered within the last ~80 days before the snapshot
    "sole_trader",
    "party",
    "cycle",
    "near_miss",
    "shares_over_100",
)


@dataclass
class EntityIndex:
    """All entities, by INN, and INN lists by category (see :data:`CATEGORIES`)."""

    entities: list[Entity]
    by_inn: dict[str, Entity] = field(default_factory=dict)
    kinds: dict[str, list[str]] = field(default_factory=dict)


def _link(ctx: FounderContext, owner: Founder, extra: int = 2) -> list[Founder]:
    """``owner`` with a substantial share plus up to ``extra`` citizen co-founders."""
    rng = ctx.rng
    others: list[Founder] = []
    for _ in range(rng.randint(0, extra)):
        f = ctx.person()
        if all(f[1] != o[1] for o in others):
            others.append(f)
    share = "100.00" if not others else f"{rng.randint(20, 80)}.00"
    return _with_shares(rng, [owner, *others], {0: share})


def _as_founder(e: Entity) -> Founder:
    return ("entity", e.inn, e.name, "KGZ", "")


def plant_ownership(
    ctx: FounderContext,
    candidates: list[Entity],
    scale: Scale,
    planted: Planted,
    near_miss_people: list[Person],
) -> dict[str, list[str]]:
    """Give planted structures to entities taken from ``candidates`` (consumed in order).

    Returns INN lists for the categories ``foreign_participation``, ``cycle``,
    ``near_miss`` and ``shares_over_100``.
    """
    rng = ctx.rng
    pool = iter(candidates)
    out: dict[str, list[str]] = {
        "foreign_participation": [],
        "cycle": [],
        "near_miss": [],
        "shares_over_100": [],
    }

    def take(n: int) -> list[Entity] | None:
        got = [e for _, e in zip(range(n), pool, strict=False)]
        return got if len(got) == n else None

    for c in range(scale.foreign_chains):
        depth = 2 + c % 3
        chain = take(depth)
        if chain is None:
            break
        end = ctx.foreign_person() if rng.random() < 0.5 else ctx.foreign_entity()
        for upper, lower in pairwise(chain):
            upper.founders = _link(ctx, _as_founder(lower))
        chain[-1].founders = _link(ctx, end)
        out["foreign_participation"].extend(e.inn for e in chain)
        planted.note(
            "foreign_chain",
            entity_inn=chain[0].inn,
            depth=depth,
            chain=[*(e.inn for e in chain), end[1]],
            foreign_kind=end[0],
            foreign_country=end[3],
        )

    residents = list(ctx.foreign_residents)
    for c in range(scale.direct_foreign_founders):
        got = take(1)
        if got is None:
            break
        e = got[0]
        if c % 4 == 3 and residents:  # a foreign resident, known by PIN
            p = residents.pop(0)
            owner: Founder = ("person", p.pin, p.full_name, p.citizenship, "")
            id_type = "pin"
        elif c % 2:
            owner, id_type = ctx.foreign_entity(), "registration_no"
        else:
            owner, id_type = ctx.foreign_person(), "passport"
        e.founders = _with_shares(rng, [owner, ctx.person()], {0: f"{rng.randint(5, 60)}.00"})
        out["foreign_participation"].append(e.inn)
        planted.note(
            "foreign_founder_direct",
            entity_inn=e.inn,
            founder_id=owner[1],
            country=owner[3],
            id_type=id_type,
        )

    for c in range(scale.ownership_cycles):
        members = take(2 if c % 2 == 0 else 3)
        if members is None:
            break
        for i, m in enumerate(members):
            m.founders = _link(ctx, _as_founder(members[(i + 1) % len(members)]), extra=1)
        out["cycle"].extend(m.inn for m in members)
        planted.note("ownership_cycle", entities=[m.inn for m in members])
        if c == 0:  # a foreigner hanging off the cycle: every member has foreign participation
            end = ctx.foreign_entity()
            b = members[1]
            b.founders = _with_shares(
                rng, [_as_founder(members[0]), end, ctx.person()], {0: "50.00", 1: "20.00"}
            )
            out["foreign_participation"].extend(m.inn for m in members)
            planted.note(
                "foreign_chain",
                entity_inn=members[0].inn,
                depth=2,
                chain=[members[0].inn, b.inn, end[1]],
                foreign_kind="entity",
                foreign_country=end[3],
                via_cycle=True,
            )

    for _ in range(scale.shares_over_100):
        got = take(1)
        if got is None:
            break
        e = got[0]
        n = rng.randint(2, 3)
        total = 10_000 + rng.choice((1_000, 2_000, 2_500, 5_000))
        # Each share is a possible percentage; only their sum is impossible, so an equal
        # split (at most 75% each) keeps every row valid on its own.
        base, rem = divmod(total, n)
        parts = [base + rem] + [base] * (n - 1)
        e.founders = [(*ctx.person()[:4], f"{p // 100}.{p % 100:02d}") for p in parts]
        out["shares_over_100"].append(e.inn)
        planted.note(
            "founder_shares_over_100", entity_inn=e.inn, total=f"{total // 100}.{total % 100:02d}"
        )

    for p in near_miss_people[: scale.near_miss_founders]:
        got = take(1)
        if got is None:
            break
        e = got[0]
        e.founders = _link(ctx, ("person", p.pin, p.full_name, "KGZ", ""), extra=1)
        out["near_miss"].append(e.inn)
        planted.note(
            "near_miss_foreign_sounding_founder",
            entity_inn=e.inn,
            pin=p.pin,
            founder_name=p.full_name,
        )
    return out


def assign_founders(
    rng: random.Random,
    entities: list[Entity],
    persons: list[Person],
    foreign_residents: list[Person],
    near_miss_people: list[Person],
    scale: Scale,
    planted: Planted,
    calendar: Calendar,
) -> EntityIndex:
    """Give every entity its founders (planted structures first) and index the result."""
    recent_since = calendar.on(RECENT_SINCE)
    eligible = [
        e
        for e in entities
        if e.form == "llc"
        and e.country == "KGZ"
        and e.liquidated is None
        and e.registered < calendar.on(date(2025, 1, 1))
        and e.state_share == "0.00"
    ]
    rng.shuffle(eligible)
    n_hold = max(3, len(eligible) // 30)
    holdings, special = eligible[:n_hold], eligible[n_hold:]
    ctx = FounderContext(rng, persons, holdings, foreign_residents)
    kinds = plant_ownership(ctx, special, scale, planted, near_miss_people)
    planted_inns = {inn for lst in kinds.values() for inn in lst}
    holding_inns = {h.inn for h in holdings}
    plain = FounderContext(rng, persons, [], foreign_residents)
    for e in entities:
        if e.inn in planted_inns or e.founders:
            continue
        e.founders = default_founders(plain if e.inn in holding_inns else ctx, e)

    index = EntityIndex(entities, {e.inn: e for e in entities})
    for cat in CATEGORIES:
        index.kinds[cat] = kinds.get(cat, [])
    for e in entities:
        if e.country != "KGZ" or e.form in FOREIGN_FORMS:
            index.kinds["foreign"].append(e.inn)
        if e.form in STATE_FORMS or e.state_share == "100.00":
            index.kinds["state_owned"].append(e.inn)
        elif e.state_share != "0.00":
            index.kinds["state_share"].append(e.inn)
        if e.form in ("religious", "foundation", "international"):
            index.kinds["prohibited_form"].append(e.inn)
        if e.liquidated is not None:
            index.kinds["liquidated"].append(e.inn)
        if e.registered >= recent_since:
            index.kinds["recent"].append(e.inn)
        if e.form == "sole_trader":
            index.kinds["sole_trader"].append(e.inn)
        if e.form == "party":
            index.kinds["party"].append(e.inn)
        if (
            e.form in COMMERCIAL_FORMS
            and e.country == "KGZ"
            and e.liquidated is None
            and e.registered < recent_since
            and e.state_share == "0.00"
            and e.inn not in planted_inns
            and not any(f[0] in ("international", "state") for f in e.founders)
        ):
            index.kinds["clean"].append(e.inn)
    return index
