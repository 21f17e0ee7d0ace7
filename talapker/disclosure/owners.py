"""Who stands behind a company that gave money (issue 10, item 5).

A legal-entity donor's founders are read from the founders register and followed up every
chain of Kyrgyz companies to the people, foreign owners, the state or the companies whose
own founders the register does not hold: the walk of `registers/ownership.py`
(`chain_ctes`: at most `MAX_DEPTH` links, a chain stops where a company repeats on its
path and at a foreign founder), here with every founder at every link, in one query.

The owners at the top of the chains are then followed down again, through the same kind of
links, to every company they stand behind; those that gave money in the election are listed
with what they gave, from the kept per-fund totals (`FundDonor`). The state is no owner for
this purpose (it would tie every state enterprise to every other), and a founder the
register gives no id for cannot be recognised elsewhere.

A founder who is a person is shown by name, country and share, never by PIN; an INN is
shown for a founder company of the legal-entity register, unless it is a person's number
(a sole trader's INN is their PIN).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from talapker.compliance.sql import in_list
from talapker.elections.models import Election
from talapker.registers.models import FounderKind
from talapker.registers.ownership import MAX_DEPTH, chain_ctes

TREE_LIMIT = 500  # founders shown at most (chains that branch and rejoin can multiply)
NOT_OWNERS = ("state",)


def _contains(needle: str, haystack: str) -> str:
    if connection.vendor == "postgresql":
        return f"(position({needle} in {haystack}) > 0)"
    return f"(instr({haystack}, {needle}) > 0)"


# Each founder of each company on a chain from the root, with the path of the link below
# it (built as chain_ctes builds it, so that a founder company's own founders are found by
# it), whether it closes a circle, and what may be shown of its number.
TREE = """
WITH RECURSIVE {chains}
SELECT chain.path, chain.depth, f.founder_kind, f.founder_id, f.founder_name, f.country,
       f.share, chain.share * f.share / 100.0 AS effective,
       CAST(chain.path || f.founder_id || ':' || COALESCE(CAST(f.share AS TEXT), '?') || ','
            AS TEXT) AS below,
       CASE WHEN f.founder_kind = 'entity' AND {looped} THEN 1 ELSE 0 END AS looped,
       CASE WHEN f.founder_kind = 'entity' AND e.legal_form <> 'sole_trader'
                 AND NOT EXISTS (SELECT 1 FROM registers_person p WHERE p.pin = f.founder_id)
            THEN e.inn END AS public_inn
FROM chain JOIN registers_founder f ON f.entity_inn = chain.inn
LEFT JOIN registers_legalentity e ON e.inn = f.founder_id
ORDER BY chain.depth, chain.path, f.id
LIMIT {limit}
"""

# Every company that an owner stands behind, down the same links, with the owner; then
# those that gave money in the election, with what they gave.
RELATED = """
WITH RECURSIVE owned(inn, top, path, depth) AS (
  SELECT CAST(f.entity_inn AS TEXT), CAST(f.founder_kind || ':' || f.founder_id AS TEXT),
         CAST(',' || f.entity_inn || ',' AS TEXT), 1
  FROM registers_founder f
  WHERE f.founder_id IN {ids} AND f.founder_kind || ':' || f.founder_id IN {keys}
  UNION ALL
  SELECT CAST(f.entity_inn AS TEXT), owned.top,
         CAST(owned.path || f.entity_inn || ',' AS TEXT), owned.depth + 1
  FROM owned JOIN registers_founder f ON f.founder_id = owned.inn
  WHERE f.founder_kind = 'entity' AND f.country IN ('KGZ', '') AND owned.depth < {max_depth}
    AND NOT {looped}
),
companies AS (SELECT DISTINCT inn, top FROM owned)
SELECT d.ref, d.donor_id, companies.top, SUM(fd.cents), SUM(fd.gifts), MIN(fd.name)
FROM companies
JOIN disclosure_donor d ON d.donor_id = companies.inn
JOIN disclosure_funddonor fd ON fd.donor_id = d.id
WHERE fd.election_id = %(election)s AND fd.kind IN ('legal_entity', 'party_own')
GROUP BY d.ref, d.donor_id, companies.top
"""


def _kind_label(kind: str) -> str:
    labels = dict(FounderKind.choices)
    return str(labels.get(kind, kind))


def _share(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


@dataclass
class Owner:
    """A founder of a company on the chain, with its own founders when the register holds
    them. `effective` is its share of the donor through this chain (None when the register
    leaves a share on the way empty)."""

    kind: str
    name: str
    country: str
    share: Decimal | None
    effective: Decimal | None
    inn: str | None
    looped: bool
    key: str  # kind:id, to find the owner elsewhere; never shown (an id may be a PIN)
    owners: list[Owner] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return _kind_label(self.kind)

    @property
    def is_top(self) -> bool:
        """Nothing stands above it in the register (a circle's repeat is not a top)."""
        return not self.owners and not self.looped


@dataclass(frozen=True)
class TopOwner:
    """An owner at the top of one or more chains, with its share of the donor summed over
    them (None when a share on some chain is unknown)."""

    kind: str
    name: str
    country: str
    effective: Decimal | None
    key: str

    @property
    def kind_label(self) -> str:
        return _kind_label(self.kind)


@dataclass
class Ownership:
    founders: list[Owner]
    tops: list[TopOwner]
    truncated: bool
    looped: bool


def _rows(inn: str) -> tuple[list[dict[str, Any]], bool]:
    params = {"root": inn}
    sql = TREE.format(
        chains=chain_ctes("SELECT CAST(%(root)s AS TEXT) AS inn"),
        looped=_contains("',' || f.founder_id || ':'", "chain.path"),
        limit=TREE_LIMIT + 1,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return rows[:TREE_LIMIT], len(rows) > TREE_LIMIT


def company_owners(inn: str) -> Ownership:
    """The founders of a company up every chain, and the owners at their tops (one query)."""
    rows, truncated = _rows(inn)
    by_path: dict[str, list[Owner]] = defaultdict(list)
    below: list[tuple[Owner, str]] = []
    for row in rows:
        owner = Owner(
            kind=row["founder_kind"],
            name=row["founder_name"],
            country=row["country"],
            share=_share(row["share"]),
            effective=_share(row["effective"]),
            inn=row["public_inn"],
            looped=bool(row["looped"]),
            key=f"{row['founder_kind']}:{row['founder_id']}" if row["founder_id"] else "",
        )
        by_path[row["path"]].append(owner)
        below.append((owner, row["below"]))
    for owner, path in below:
        if not owner.looped:
            owner.owners = by_path.get(path, [])
    for owners in by_path.values():
        owners.sort(key=lambda o: (-(o.share or 0), o.name))
    return Ownership(
        founders=by_path.get(f",{inn}:100,", []),  # the root's path, as chain_ctes makes it
        tops=_tops(o for o, _ in below),
        truncated=truncated,
        looped=any(o.looped for o, _ in below),
    )


def _tops(owners: Any) -> list[TopOwner]:
    """The owners at the top, each once, with its shares of the donor summed."""
    found: dict[tuple[str, str], list[Owner]] = defaultdict(list)
    for owner in owners:
        if owner.is_top:
            found[(owner.key or owner.name, owner.kind)].append(owner)
    tops = []
    for same in found.values():
        shares = [o.effective for o in same]
        total = None if None in shares else sum((s for s in shares if s is not None), Decimal())
        first = same[0]
        tops.append(TopOwner(first.kind, first.name, first.country, total, first.key))
    return sorted(tops, key=lambda t: (-(t.effective or 0), t.name))


@dataclass
class RelatedCompany:
    """A company that gave money in the election and shares an owner at the top with the
    donor (the donor itself among them)."""

    ref: str
    name: str
    cents: int
    gifts: int
    owners: list[str]
    is_this: bool


def related_companies(election: Election, inn: str, tops: list[TopOwner]) -> list[RelatedCompany]:
    """The companies that gave money in the election and stand under one of these owners,
    largest first (one query)."""
    keys = sorted({t.key for t in tops if t.key and t.kind not in NOT_OWNERS})
    if not keys:
        return []
    params: dict[str, Any] = {"election": election.pk}
    sql = RELATED.format(
        ids=in_list("i", tuple(sorted({k.split(":", 1)[1] for k in keys})), params),
        keys=in_list("k", tuple(keys), params),
        max_depth=MAX_DEPTH,
        looped=_contains("',' || f.entity_inn || ','", "owned.path"),
    )
    names = {t.key: t.name for t in tops}
    found: dict[str, RelatedCompany] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for ref, donor_id, top, cents, gifts, name in cursor.fetchall():
            company = found.setdefault(
                ref, RelatedCompany(ref, name, int(cents), int(gifts), [], donor_id == inn)
            )
            company.owners.append(names.get(top, ""))
    for company in found.values():
        company.owners.sort()
    return sorted(found.values(), key=lambda c: (not c.is_this, -c.cents, c.name))
