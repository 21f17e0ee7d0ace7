"""Founders and shareholders (``founders.csv``), with planted ownership structures.

Every entity gets 1-4 founders whose shares add up to 100: citizens from the population
register (by PIN), Kyrgyz "holding" entities (by INN; holdings themselves have only person
founders, so ordinary entities never acquire foreign participation by accident), the state
or a municipality, international organisations, and foreign parents for branches.

Planted on purpose, and recorded in ``planted.json`` as notes:

* ``foreign_chain`` — a Kyrgyz entity owned by a Kyrgyz entity (owned by ...) owned by a
  foreign person (passport number) or company (foreign registration number); the chain
  has ``depth`` Kyrgyz entities (2-4) and every one of them has foreign participation.
* ``foreign_founder_direct`` — a foreigner among an entity's own founders (a passport
  number, a foreign registration number, or the PIN of a foreign resident).
* ``ownership_cycle`` — A owns B owns A (or A→B→C→A); the first cycle also has a foreign
  founder hanging off it (and a ``foreign_chain`` note with ``via_cycle``).
* ``founder_shares_over_100`` — founders' shares add up to more than 100.
* ``near_miss_foreign_sounding_founder`` — a Kyrgyz citizen with a Korean or German name
  founds an entity: screening must *not* flag it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from .entities import COMMERCIAL_FORMS, Entity, foreign_parent_country
from .entity_names import (
    INTERNATIONAL_ORGS,
    MUNICIPALITIES,
    STATE_FOUNDERS,
    foreign_parent,
    foreign_passport_no,
    foreign_registration_no,
)
from .names import FOREIGN_COUNTRY_ETHNICITY, POOLS, full_name, make_name
from .people import Person

Founder = tuple[str, str, str, str, str]  # founder_kind, founder_id, founder_name, country, share
FOREIGN_FOUNDER_COUNTRIES = ("RUS", "KAZ", "TUR", "CHN")


def shares(rng: random.Random, n: int, total: int = 10_000) -> list[str]:
    """``n`` shares in percent (two decimals) adding up to ``total`` hundredths."""
    if n == 1:
        parts = [total]
    elif rng.random() < 0.4:  # equal split, remainder to the first founder
        base, rem = divmod(total, n)
        parts = [base + rem] + [base] * (n - 1)
    else:
        cuts = sorted(rng.sample(range(1, total // 100), n - 1))
        bounds = [0, *(c * 100 for c in cuts), total]
        parts = [b - a for a, b in pairwise(bounds)]
    return [f"{p // 100}.{p % 100:02d}" for p in parts]


@dataclass
class FounderContext:
    """What the founder assignment draws on."""

    rng: random.Random
    persons: list[Person]
    holdings: list[Entity] = field(default_factory=list)
    foreign_residents: list[Person] = field(default_factory=list)

    def person(self) -> Founder:
        """A random citizen founder (share to be filled in)."""
        p = self.persons[int(self.rng.random() * len(self.persons))]
        return ("person", p.pin, p.full_name, "KGZ", "")

    def foreign_person(self, country: str | None = None) -> Founder:
        """A foreign citizen identified by a passport number."""
        rng = self.rng
        country = country or rng.choice(FOREIGN_FOUNDER_COUNTRIES)
        pool = POOLS[FOREIGN_COUNTRY_ETHNICITY.get(country, "ru")]
        name = full_name(*make_name(rng.random, pool, rng.random() < 0.8, 1975))
        return ("person", foreign_passport_no(rng, country), name, country, "")

    def foreign_entity(self, country: str | None = None) -> Founder:
        """A foreign company identified by its registration number."""
        rng = self.rng
        country = country or rng.choice(FOREIGN_FOUNDER_COUNTRIES)
        return (
            "entity",
            foreign_registration_no(rng, country),
            foreign_parent(rng, country),
            country,
            "",
        )


def _with_shares(
    rng: random.Random, founders: list[Founder], fixed: dict[int, str]
) -> list[Founder]:
    """Fill in shares: founders at ``fixed`` positions get those; the rest split the remainder."""
    taken = sum(int(Decimal(s) * 100) for s in fixed.values())
    free = [i for i in range(len(founders)) if i not in fixed]
    split = shares(rng, len(free), 10_000 - taken) if free else []
    out: list[Founder] = []
    for i, f in enumerate(founders):
        share = fixed[i] if i in fixed else split[free.index(i)]
        out.append((*f[:4], share))
    return out


def _persons(ctx: FounderContext, lo: int, hi: int) -> list[Founder]:
    """Between ``lo`` and ``hi`` distinct citizen founders."""
    n = min(ctx.rng.randint(lo, hi), len(ctx.persons))
    picks = ctx.rng.sample(range(len(ctx.persons)), n)
    return [("person", ctx.persons[i].pin, ctx.persons[i].full_name, "KGZ", "") for i in picks]


def default_founders(ctx: FounderContext, e: Entity) -> list[Founder]:
    """Ordinary founders for an entity of its form."""
    rng = ctx.rng
    if e.form == "sole_trader" and e.owner is not None:
        return [("person", e.owner.pin, e.owner.full_name, "KGZ", "100.00")]
    if e.form in ("state_body", "state_enterprise"):
        return [("state", "", rng.choice(STATE_FOUNDERS), "KGZ", "100.00")]
    if e.form == "municipal_enterprise":
        return [("state", "", rng.choice(MUNICIPALITIES), "KGZ", "100.00")]
    if e.form == "international":
        return [("international", "", rng.choice(INTERNATIONAL_ORGS), "", "100.00")]
    if e.country != "KGZ":
        country = foreign_parent_country(e)
        if e.form in COMMERCIAL_FORMS and rng.random() < 0.5:
            return _with_shares(rng, [ctx.foreign_person(country), ctx.foreign_entity(country)], {})
        return [
            (
                "entity",
                foreign_registration_no(rng, country),
                foreign_parent(rng, country),
                country,
                "100.00",
            )
        ]
    if e.state_share == "100.00":  # state-owned companies of other forms
        return [("state", "", STATE_FOUNDERS[1], "KGZ", "100.00")]
    if e.form in COMMERCIAL_FORMS:
        return _commercial_founders(ctx, e)
    return _with_shares(rng, _persons(ctx, 1, 3), {})


def _commercial_founders(ctx: FounderContext, e: Entity) -> list[Founder]:
    """Founders of a Kyrgyz LLC or JSC: citizens, sometimes a holding, the state, or an IFI."""
    rng = ctx.rng
    n = 1 + min(2, int(rng.expovariate(1.0)))
    founders: list[Founder] = []
    used: set[str] = set()
    while len(founders) < n:
        if ctx.holdings and rng.random() < 0.1:
            h = ctx.holdings[int(rng.random() * len(ctx.holdings))]
            f: Founder = ("entity", h.inn, h.name, "KGZ", "")
            if h is e:
                continue
        else:
            f = ctx.person()
        if f[1] not in used:
            used.add(f[1])
            founders.append(f)
    fixed: dict[int, str] = {}
    if e.state_share != "0.00":  # a fixed, partly state-owned company
        founders.insert(0, ("state", "", STATE_FOUNDERS[1], "KGZ", ""))
        fixed[0] = e.state_share
    elif (e.form == "jsc" and rng.random() < 0.15) or rng.random() < 0.004:
        founders.insert(0, ("state", "", STATE_FOUNDERS[1], "KGZ", ""))
        fixed[0] = e.state_share = f"{rng.randint(10, 49)}.00"
    elif e.form == "jsc" and rng.random() < 0.05:
        founders.append(("international", "", rng.choice(INTERNATIONAL_ORGS), "", ""))
        fixed[len(founders) - 1] = f"{rng.randint(5, 30)}.00"
    return _with_shares(rng, founders, fixed)
