"""Donors that are legal entities: registered, Kyrgyz, without foreign founders at any depth,
not of the state, not of a prohibited form, free of tax debt, not just registered and not
liquidated (rules.md, contribution rules).

One pass over the contributions joined to the legal-entity register, the tax debtors and the
ownership closure (`registers/ownership.py`: kept with the founders register, it holds for
every entity the effective share of its foreign founders through any chain of companies,
its founders' total and whether its chains loop). A second query walks the chains again
for the donors so flagged only, and lists each chain with its shares as evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.compliance.rules.common import day, som
from talapker.compliance.sql import contributions_cte, fetch, in_list, minus_days
from talapker.registers.ownership import chain_ctes

ART = "CL Art. 41(3)"
FOREIGN_FORMS = ("foreign_branch", "foreign_rep_office")
STATE_FORMS = ("state_body", "state_enterprise", "municipal_enterprise")
PROHIBITED_FORMS = ("religious", "foundation", "international")

rule(
    "ENTITY_INN_UNKNOWN", "violation", _("Donor's INN is not in the legal-entity register"),
    _("Line %(line)s: the INN given for %(donor_name)s is not in the legal-entity register."),
    ART,
)  # fmt: skip
rule(
    "ENTITY_FOREIGN", "violation", _("Foreign legal entity as donor"),
    _("Line %(line)s: %(entity_name)s is registered in %(country)s or is a branch or "
      "representative office of a foreign entity (%(legal_form)s)."), ART,
)  # fmt: skip
rule(
    "ENTITY_FOREIGN_PARTICIPATION", "violation", _("Donor entity with foreign founders"),
    _("Line %(line)s: %(entity_name)s has foreign participation of %(foreign_share)s%% "
      "through its founders (at most %(max_share)s%% is allowed); the chains are in the "
      "evidence."), ART,
)  # fmt: skip
# Two register anomalies the issue asks to surface rather than skip (an extension of
# rules.md, documented in docs/rules.md): the screen still follows every chain.
rule(
    "ENTITY_SHARES_OVER_100", "notice", _("Donor entity's founders hold more than 100%"),
    _("Line %(line)s: in the register, the founders of %(entity_name)s hold %(founders_total)s%% "
      "in all; the register should be checked."), "—",
)  # fmt: skip
rule(
    "ENTITY_OWNERSHIP_CYCLE", "notice", _("Donor entity's owners own each other in a circle"),
    _("Line %(line)s: in the register, a chain of owners of %(entity_name)s leads back to an "
      "entity already on it; every chain was followed once."), "—",
)  # fmt: skip
rule(
    "ENTITY_STATE_OWNED", "violation", _("State body or state or municipal enterprise as donor"),
    _("Line %(line)s: %(entity_name)s is a state or municipal body or enterprise "
      "(%(legal_form)s, state share %(state_share)s%%)."), ART,
)  # fmt: skip
rule(
    "ENTITY_STATE_SHARE", "warning", _("Donor entity with a state share"),
    _("Line %(line)s: %(entity_name)s has a state or municipal share of %(state_share)s%%. "
      "Its money is prohibited if it also enjoys tax privileges, which the registers do "
      "not show."), ART,
)  # fmt: skip
rule(
    "ENTITY_PROHIBITED_FORM", "violation",
    _("Religious, charitable or international organisation as donor"),
    _("Line %(line)s: %(entity_name)s is a %(legal_form)s; such organisations may not give "
      "to an election fund."), ART,
)  # fmt: skip
rule(
    "ENTITY_TAX_DEBT", "violation", _("Donor with a tax or Social Fund debt"),
    _("Line %(line)s: %(entity_name)s has owed the budget or the Social Fund since "
      "%(debt_since)s; the donation is dated %(date)s."), ART,
)  # fmt: skip
rule(
    "ENTITY_RECENTLY_REGISTERED", "warning", _("Donor entity registered just before giving"),
    _("Line %(line)s: %(entity_name)s was registered on %(registered)s, less than "
      "%(days)s days before the donation of %(date)s."), ART,
)  # fmt: skip
rule(
    "ENTITY_LIQUIDATED", "violation", _("Donor entity liquidated"),
    _("Line %(line)s: %(entity_name)s was liquidated on %(liquidated)s, on or before the "
      "donation of %(date)s."), ART,
)  # fmt: skip

SQL = """
WITH {c}
SELECT c.fund_id, c.line, c.cents, c.date, c.donor_id, c.donor_name, c.donor_id_ok,
       e.inn, e.name AS entity_name, e.country, e.legal_form, e.registration_date,
       e.liquidation_date, e.state_share, debt.since AS debt_since,
       o.foreign_share, CASE WHEN o.foreign_share_unknown THEN 1 ELSE 0 END AS share_unknown,
       o.founders_total, CASE WHEN o.cycle THEN 1 ELSE 0 END AS cycle,
       CASE WHEN e.registration_date > {recent} THEN 1 ELSE 0 END AS recent
FROM c
LEFT JOIN registers_legalentity e ON e.inn = c.donor_id AND c.donor_id_ok
LEFT JOIN (
  SELECT inn, MIN(as_of) AS since FROM registers_taxdebtor GROUP BY inn
) debt ON debt.inn = c.donor_id
LEFT JOIN registers_ownership o ON o.inn = c.donor_id
WHERE c.donor_kind = 'legal_entity'
  AND (NOT c.donor_id_ok OR e.inn IS NULL OR e.country <> 'KGZ'
       OR e.legal_form IN {flagged_forms} OR e.state_share > 0 OR debt.since <= c.date
       OR e.registration_date > {recent} OR e.liquidation_date <= c.date
       OR o.foreign_share > %(max_share)s OR o.foreign_share_unknown OR o.founders_total > 100
       OR o.cycle)
"""
# The evidence: every chain of the flagged donors, walked again for those few alone.
SEED = "SELECT DISTINCT entity_inn AS inn FROM registers_founder WHERE entity_inn IN {roots}"
CHAINS = """
WITH RECURSIVE {chains}
SELECT root, path, founder_kind, founder_id, founder_name, country, share, effective
FROM foreign_founders ORDER BY root, path, founder_id
"""


def _forms(params: dict[str, Any]) -> str:
    forms = FOREIGN_FORMS + STATE_FORMS + PROHIBITED_FORMS
    for n, form in enumerate(forms):
        params[f"form{n}"] = form
    return "(" + ", ".join(f"%(form{n})s" for n in range(len(forms))) + ")"


@family("entities")
def find(scope: Scope) -> Iterator[Hit]:
    max_share = Decimal(str(scope.param("foreign_share_max_percent")))
    days = scope.param("recent_entity_days")
    # A number, not a Decimal: sqlite3 would send a Decimal as text, and text compares
    # greater than any number there.
    params: dict[str, Any] = {"max_share": float(max_share), "days": days}
    sql = SQL.format(
        c=contributions_cte(scope, params),
        recent=minus_days("c.date", "%(days)s"),
        flagged_forms=_forms(params),
    )
    rows = fetch(sql, params)
    chains = _chains(rows)
    for row in rows:
        yield from _hits(row, chains, max_share, days)


def _chains(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The foreign chains of the flagged donors, as evidence: each hop with its share."""
    roots = sorted(
        {
            r["donor_id"]
            for r in rows
            if (r["foreign_share"] is not None or r["share_unknown"]) and _is_foreign(r) is False
        }
    )
    return foreign_chains(roots)


def foreign_chains(roots: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every chain from each of these entities to a foreign founder, each hop with its
    share, and the founder's effective share (also the evidence of the ad rules)."""
    if not roots:
        return {}
    params: dict[str, Any] = {}
    sql = CHAINS.format(chains=chain_ctes(SEED.format(roots=in_list("r", tuple(roots), params))))
    found: dict[str, list[dict[str, Any]]] = {}
    for row in fetch(sql, params):
        hops = [hop.split(":") for hop in row["path"].strip(",").split(",")]
        found.setdefault(row["root"], []).append(
            {
                "chain": [{"inn": inn, "share": _pct(share)} for inn, share in hops],
                "founder": {
                    "kind": row["founder_kind"],
                    "id": row["founder_id"],
                    "name": row["founder_name"],
                    "country": row["country"],
                    "share": _pct(row["share"]),
                },
                "effective_share": _pct(row["effective"]),
            }
        )
    return found


def _pct(value: Any) -> str:
    if value is None or value == "?":  # a share the register leaves empty
        return "?"
    return f"{Decimal(str(value)).quantize(Decimal('0.01')).normalize():f}"


def _is_foreign(row: dict[str, Any]) -> bool | None:
    if row["inn"] is None:
        return None
    return row["country"] != "KGZ" or row["legal_form"] in FOREIGN_FORMS


def _hits(
    row: dict[str, Any], chains: dict[str, list[dict[str, Any]]], max_share: Decimal, days: int
) -> Iterator[Hit]:
    on = day(row["date"])

    def hit(code: str, **evidence: Any) -> Hit:
        facts = {"inn": row["donor_id"], "donor_name": row["donor_name"], "date": on, **evidence}
        if row["inn"] is not None:
            facts |= {"entity_name": row["entity_name"], "legal_form": row["legal_form"]}
        return Hit(code, row["fund_id"], "contribution", str(row["line"]), som(row["cents"]), facts)

    if not row["donor_id_ok"]:
        yield hit("DONOR_UNIDENTIFIED", donor_id=row["donor_id"] or "—")
        return
    if row["inn"] is None:
        yield hit("ENTITY_INN_UNKNOWN")
        return
    flagged: list[Hit] = []
    state_share = Decimal(str(row["state_share"] or 0))
    if _is_foreign(row):
        flagged.append(hit("ENTITY_FOREIGN", country=row["country"]))
    elif row["share_unknown"] or (
        row["foreign_share"] is not None and Decimal(str(row["foreign_share"])) > max_share
    ):
        # A foreign founder whose share the register leaves empty is participation of
        # unknown size: any is too much where the law allows none, so it is shown as "?".
        known = _pct(row["foreign_share"] or 0)
        flagged.append(
            hit(
                "ENTITY_FOREIGN_PARTICIPATION",
                foreign_share=f"{known} + ?" if row["share_unknown"] else known,
                max_share=_pct(max_share),
                chains=chains.get(row["donor_id"], []),
            )
        )
    if row["legal_form"] in STATE_FORMS or state_share == 100:
        flagged.append(hit("ENTITY_STATE_OWNED", state_share=_pct(state_share)))
    elif state_share > 0:
        flagged.append(hit("ENTITY_STATE_SHARE", state_share=_pct(state_share)))
    if row["legal_form"] in PROHIBITED_FORMS:
        flagged.append(hit("ENTITY_PROHIBITED_FORM"))
    if row["debt_since"] is not None and day(row["debt_since"]) <= on:
        flagged.append(hit("ENTITY_TAX_DEBT", debt_since=day(row["debt_since"])))
    if row["recent"]:
        registered = day(row["registration_date"])
        flagged.append(hit("ENTITY_RECENTLY_REGISTERED", registered=registered, days=days))
    if row["liquidation_date"] is not None and day(row["liquidation_date"]) <= on:
        flagged.append(hit("ENTITY_LIQUIDATED", liquidated=day(row["liquidation_date"])))
    # Register anomalies: a finding of their own for an otherwise admissible donor; for a
    # donor already found inadmissible, a note in that finding's evidence instead.
    total = Decimal(str(row["founders_total"] or 0))
    anomalies: dict[str, Any] = {"founders_total": _pct(total)} if total > 100 else {}
    if row["cycle"]:
        anomalies["ownership_cycle"] = True
    if anomalies and flagged:
        for found in flagged:
            yield replace(found, evidence=found.evidence | {"register_anomalies": anomalies})
        return
    yield from flagged
    if total > 100:
        yield hit("ENTITY_SHARES_OVER_100", founders_total=_pct(total))
    if row["cycle"]:
        yield hit("ENTITY_OWNERSHIP_CYCLE", chains=chains.get(row["donor_id"], []))
