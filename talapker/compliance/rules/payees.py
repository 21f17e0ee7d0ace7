"""Where the money goes: every expenditure's payee screened against the registers, as
Brazil's electoral court (TSE) screens campaign suppliers: a company registered shortly
before it was paid, a tax debtor, a liquidated or state-owned firm, a payee founded by the
party's own candidates or leader, a payee who also gave to the fund.

No article of law forbids a fund to pay any of these; each is a way money has been moved
out of a campaign or back to its donors, so each is a warning for an auditor's look (an
extension of rules.md, documented in docs/rules.md, "Payee rules").

A payee is known by the id filed (`payee_id`: an INN, or a PIN), or, without one, by its name
key (`payee_key`): a payee filed without an id is taken for the legal entity whose key it has
when exactly one entity of the register has it. Refunds (a donor's money returned) and bank
fees (paid to the bank the commission designated) are not purchases and are not screened.

Three statements over the scope's expenditures, each keeping only the rows where something
is off: the registers (entity, tax debts), the founders against the party's own people, and
the fund's own contributions.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min
from django.utils.translation import gettext_lazy as _

from talapker.candidates.models import Candidate
from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.compliance.rules.common import day, som
from talapker.compliance.sql import (
    chunks,
    contributions_cte,
    expenditures_cte,
    fetch,
    in_list,
    minus_days,
    values_list,
)
from talapker.core.names import entity_name_key, name_key
from talapker.funds.models import Fund
from talapker.registers.models import LegalEntity, Person, TaxDebtor

ART = "—"  # no article forbids these payments: they are worth a look, not prohibited
NOT_PURCHASES = ("refund", "bank_fees")
# A state body's fee (a registration, the deposit) is an ordinary payment; a state or
# municipal enterprise sells airtime, print or premises, on terms an auditor compares.
STATE_FIRMS = ("state_enterprise", "municipal_enterprise")
DONOR_KINDS = ("individual", "legal_entity", "candidate_own")

rule(
    "PAYEE_RECENT_ENTITY", "warning", _("Payee registered just before it was paid"),
    _("Line %(line)s: %(entity_name)s was registered on %(registered)s, less than %(days)s "
      "days before the fund paid it %(amount)s som on %(date)s."), ART,
)  # fmt: skip
rule(
    "PAYEE_TAX_DEBTOR", "warning", _("Payee with a tax or Social Fund debt"),
    _("Line %(line)s: %(payee_name)s, paid %(amount)s som on %(date)s, has owed the budget "
      "or the Social Fund since %(debt_since)s."), ART,
)  # fmt: skip
rule(
    "PAYEE_LIQUIDATED", "warning", _("Payee liquidated"),
    _("Line %(line)s: %(entity_name)s was liquidated on %(liquidated)s, on or before the fund "
      "paid it %(amount)s som on %(date)s."), ART,
)  # fmt: skip
rule(
    "PAYEE_STATE_OWNED", "warning", _("State or municipal enterprise as payee"),
    _("Line %(line)s: %(entity_name)s, paid %(amount)s som, is a state or municipal "
      "enterprise (%(legal_form)s, state share %(state_share)s%%); its terms are compared "
      "with those other parties were given."), ART,
)  # fmt: skip
rule(
    "PAYEE_RELATED_TO_CANDIDATE", "warning", _("Payee linked to the party's candidates or leader"),
    _("Line %(line)s: the fund paid %(amount)s som to %(payee_name)s, which is, or was "
      "founded by, the party's own candidate or leader: %(insiders)s. The register rows are "
      "in the evidence."), ART,
)  # fmt: skip
rule(
    "PAYEE_ALSO_DONOR", "warning", _("Payee that also gave to the fund"),
    _("Line %(line)s: the fund paid %(amount)s som to %(payee_name)s, who gave the fund "
      "%(total)s som (lines %(lines)s)."), ART,
)  # fmt: skip

# `p`: the expenditures screened, each with the id its payee is known by (`pid`) and the key
# of its name as an entity's (`entity_key`, for payees filed without an id).
PAYEES = """
{e},
named(payee_key, entity_key, inn) AS ({named}),
p AS (
  SELECT e.fund_id, e.line, e.cents, e.date, e.category, e.payee_id, e.payee_name,
         e.payee_key, COALESCE(n.entity_key, '') AS entity_key,
         CASE WHEN e.payee_id <> '' THEN e.payee_id ELSE COALESCE(n.inn, '') END AS pid
  FROM e LEFT JOIN named n ON e.payee_id = '' AND n.payee_key = e.payee_key
  WHERE e.category NOT IN {skip}
)"""
UNNAMED = """
SELECT DISTINCT payee_key, payee_name FROM filings_expenditure
WHERE version_id IN {versions} AND payee_id = '' AND payee_key <> ''
  AND category NOT IN {skip}
"""
REGISTERS = """
WITH {p}
SELECT p.fund_id, p.line, p.cents, p.date, p.category, p.payee_id, p.payee_name, p.pid,
       le.inn, le.name AS entity_name, le.legal_form, le.country, le.registration_date,
       le.liquidation_date, le.state_share, debt.since AS debt_since,
       CASE WHEN le.registration_date > {recent} THEN 1 ELSE 0 END AS recent
FROM p
LEFT JOIN registers_legalentity le ON le.inn = p.pid
LEFT JOIN (
  SELECT inn, MIN(as_of) AS since FROM registers_taxdebtor GROUP BY inn
) debt ON debt.inn = p.pid
WHERE p.pid <> ''
  AND (le.registration_date > {recent} OR le.liquidation_date <= p.date
       OR le.legal_form IN {state_firms}
       OR (le.state_share >= 100 AND le.legal_form <> 'state_body') OR debt.since <= p.date)
"""
# The party's own people: its candidates by PIN (a name only where the register leaves a
# founder's id empty), its leader by name (or by PIN when the leader is on the list).
RELATED = """
WITH {p},
insiders(fund_id, pin, name_key, role, position, full_name) AS ({insiders})
SELECT p.fund_id, p.line, p.cents, p.date, p.payee_id, p.payee_name, p.pid,
       'founder' AS relation, f.founder_id, f.founder_name, f.share, le.name AS entity_name,
       i.role, i.position, i.full_name
FROM p
JOIN registers_founder f ON f.entity_inn = p.pid AND f.founder_kind = 'person'
JOIN insiders i ON i.fund_id = p.fund_id
  AND ((i.pin <> '' AND f.founder_id = i.pin)
       OR ((i.pin = '' OR f.founder_id = '') AND i.name_key <> '' AND f.name_key = i.name_key))
LEFT JOIN registers_legalentity le ON le.inn = p.pid
WHERE p.pid <> ''
UNION ALL
SELECT p.fund_id, p.line, p.cents, p.date, p.payee_id, p.payee_name, p.pid,
       'payee' AS relation, '' AS founder_id, '' AS founder_name, NULL AS share,
       NULL AS entity_name, i.role, i.position, i.full_name
FROM p
JOIN insiders i ON i.fund_id = p.fund_id
  AND ((i.pin <> '' AND p.pid = i.pin)
       OR ((i.pin = '' OR p.payee_id = '') AND i.name_key <> '' AND p.payee_key = i.name_key))
"""
# A donor is the payee by the id filed for both; a payee filed without an id, by its name's
# key (a person's key, or an entity's without its legal form).
DONORS = """
WITH {p}, {c}
SELECT p.fund_id, p.line, p.cents, p.date, p.payee_id, p.payee_name, 'id' AS matched_by,
       c.line AS c_line, c.date AS c_date, c.cents AS c_cents, c.donor_kind, c.donor_name
FROM p JOIN c ON c.fund_id = p.fund_id AND c.donor_id = p.pid
WHERE p.pid <> '' AND c.donor_kind IN {kinds}
{by_name}"""
# Only when some payee was filed without an id: each branch reads the contributions again.
DONORS_BY_NAME = """
UNION ALL
SELECT p.fund_id, p.line, p.cents, p.date, p.payee_id, p.payee_name, 'name' AS matched_by,
       c.line AS c_line, c.date AS c_date, c.cents AS c_cents, c.donor_kind, c.donor_name
FROM p JOIN c ON c.fund_id = p.fund_id AND c.donor_key = p.payee_key
WHERE p.payee_id = '' AND p.payee_key <> '' AND c.donor_kind IN ('individual', 'candidate_own')
UNION ALL
SELECT p.fund_id, p.line, p.cents, p.date, p.payee_id, p.payee_name, 'name' AS matched_by,
       c.line AS c_line, c.date AS c_date, c.cents AS c_cents, c.donor_kind, c.donor_name
FROM p JOIN c ON c.fund_id = p.fund_id AND c.donor_key = p.entity_key
WHERE p.payee_id = '' AND p.entity_key <> '' AND c.donor_kind = 'legal_entity'
"""


@family("payees")
def find(scope: Scope) -> Iterator[Hit]:
    named = _named(scope)
    yield from _registers(scope, named)
    yield from _related(scope, named)
    yield from _donors(scope, named)


def _named(scope: Scope) -> list[tuple[str, str, str | None]]:
    """The payees filed without an id: (their name key, the key of their name as an
    entity's, the INN of the one entity with that key, if exactly one has it)."""
    params: dict[str, Any] = {}
    sql = UNNAMED.format(
        versions=in_list("v", scope.version_ids, params), skip=in_list("s", NOT_PURCHASES, params)
    )
    keys: dict[str, str] = {}
    for row in fetch(sql, params):
        keys.setdefault(row["payee_key"], entity_name_key(row["payee_name"]))
    unique: dict[str, str] = {}
    wanted = sorted({k for k in keys.values() if k})
    for start in range(0, len(wanted), 2_000):
        found = (
            LegalEntity.objects.filter(name_key__in=wanted[start : start + 2_000])
            .values("name_key")
            .annotate(n=Count("id"), inn=Min("inn"))
        )
        unique |= {f["name_key"]: f["inn"] for f in found if f["n"] == 1}
    return [(key, entity, unique.get(entity)) for key, entity in sorted(keys.items())]


def _payees_cte(
    scope: Scope, named: list[tuple[str, str, str | None]], params: dict[str, Any]
) -> str:
    listed = (
        f"VALUES {values_list(named, params, 'n')}" if named else "SELECT '', '', '' WHERE 1 = 0"
    )
    return PAYEES.format(
        e=expenditures_cte(scope, params), named=listed, skip=in_list("s", NOT_PURCHASES, params)
    ).strip()


def _registers(scope: Scope, named: list[tuple[str, str, str | None]]) -> Iterator[Hit]:
    days = scope.param("recent_entity_days")
    params: dict[str, Any] = {"days": days}
    sql = REGISTERS.format(
        p=_payees_cte(scope, named, params),
        recent=minus_days("p.date", "%(days)s"),
        state_firms=in_list("sf", STATE_FIRMS, params),
    )
    rows = fetch(sql, params)
    debts = _debts({r["pid"] for r in rows if r["debt_since"] is not None})
    for row in rows:
        yield from _register_hits(row, debts.get(row["pid"], []), days)


def _register_hits(row: dict[str, Any], debts: list[dict[str, Any]], days: int) -> Iterator[Hit]:
    on = day(row["date"])

    def hit(code: str, **evidence: Any) -> Hit:
        facts = _payee(row) | evidence
        if row["inn"] is not None:
            facts["entity"] = _entity(row)
            facts |= {"entity_name": row["entity_name"], "legal_form": row["legal_form"]}
        line, amount = str(row["line"]), som(row["cents"])
        return Hit(code, row["fund_id"], "expenditure", line, amount, facts)

    if row["recent"]:
        registered = day(row["registration_date"])
        yield hit("PAYEE_RECENT_ENTITY", registered=registered, days=days)
    if row["liquidation_date"] is not None and day(row["liquidation_date"]) <= on:
        yield hit("PAYEE_LIQUIDATED", liquidated=day(row["liquidation_date"]))
    share = row["state_share"]
    wholly = share is not None and Decimal(str(share)) >= 100 and row["legal_form"] != "state_body"
    if row["legal_form"] in STATE_FIRMS or wholly:
        yield hit("PAYEE_STATE_OWNED", state_share=_pct(share))
    if row["debt_since"] is not None and day(row["debt_since"]) <= on:
        owed = [d for d in debts if d["as_of"] <= on]
        yield hit("PAYEE_TAX_DEBTOR", debt_since=day(row["debt_since"]), debts=owed)


def _related(scope: Scope, named: list[tuple[str, str, str | None]]) -> Iterator[Hit]:
    insiders = _insiders(scope)
    if not insiders:
        return
    found: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for chunk in chunks(insiders):
        params: dict[str, Any] = {}
        sql = RELATED.format(
            p=_payees_cte(scope, named, params),
            insiders=f"VALUES {values_list(chunk, params, 'i')}",
        )
        for row in fetch(sql, params):
            found.setdefault((row["fund_id"], str(row["line"])), []).append(row)
    for (fund_id, line), rows in sorted(found.items()):
        first = rows[0]
        # Booleans and numbers rather than codes, so the auditors' page labels every value.
        links = [
            {
                "name": r["full_name"],
                "list_position": r["position"] or None,
                "party_leader": r["role"] == "leader",
                "founder_of_payee": r["relation"] == "founder",
                "founder_id": r["founder_id"] or None,
                "founder_name": r["founder_name"] or None,
                "share": _pct(r["share"]) if r["relation"] == "founder" else None,
            }
            for r in sorted(rows, key=lambda r: (r["relation"], r["position"] or 0, r["role"]))
        ]
        names = ", ".join(dict.fromkeys(link["name"] for link in links))
        evidence = _payee(first) | {"insiders": names, "links": links}
        if first["entity_name"]:
            evidence["entity_name"] = first["entity_name"]
        yield Hit(
            "PAYEE_RELATED_TO_CANDIDATE",
            fund_id,
            "expenditure",
            line,
            som(first["cents"]),
            evidence,
        )


def _donors(scope: Scope, named: list[tuple[str, str, str | None]]) -> Iterator[Hit]:
    params: dict[str, Any] = {}
    sql = DONORS.format(
        p=_payees_cte(scope, named, params),
        c=contributions_cte(scope, params),
        kinds=in_list("dk", DONOR_KINDS, params),
        by_name=DONORS_BY_NAME if named else "",
    )
    found: dict[tuple[int, str], dict[Any, dict[str, Any]]] = {}
    for row in fetch(sql, params):
        gifts = found.setdefault((row["fund_id"], str(row["line"])), {})
        known = gifts.get(row["c_line"])
        if known is None or known["matched_by"] == "name":  # an id match outranks a name's
            gifts[row["c_line"]] = row
    for (fund_id, line), gifts in sorted(found.items()):
        rows = [gifts[k] for k in sorted(gifts)]
        first = rows[0]
        total = sum(int(r["c_cents"]) for r in rows)
        evidence = _payee(first) | {
            "matched_by_name": all(r["matched_by"] == "name" for r in rows),
            "total": str(som(total)),
            "lines": ", ".join(str(r["c_line"]) for r in rows),
            "contributions": [
                {
                    "line": r["c_line"],
                    "date": day(r["c_date"]),
                    "amount": str(som(r["c_cents"])),
                    "donor_kind": r["donor_kind"],
                    "donor_name": r["donor_name"],
                }
                for r in rows
            ],
        }
        yield Hit("PAYEE_ALSO_DONOR", fund_id, "expenditure", line, som(first["cents"]), evidence)


def _insiders(scope: Scope) -> list[tuple[Any, ...]]:
    """(fund, PIN, name key, role, list position, name) of each fund's own people: the
    candidates of its party and the party's leader; for a candidate's own fund, the candidate."""

    funds = list(Fund.objects.filter(pk__in=scope.fund_ids).select_related("party"))
    by_party = {f.party_id: f.pk for f in funds if f.party_id is not None}
    people: list[tuple[Any, ...]] = []
    pins_by_key: dict[tuple[int, str], str] = {}
    for c in Candidate.objects.filter(party_id__in=by_party).order_by("party_id", "position"):
        fund_id = by_party[c.party_id]
        people.append((fund_id, c.pin, c.name_key, "candidate", c.position, c.full_name))
        pins_by_key.setdefault((fund_id, c.name_key), c.pin)
    for f in funds:
        if f.party is None:  # a candidate's own fund, whose code is the candidate's PIN
            person = Person.objects.filter(pin=f.code).first()
            shown = person.full_name if person is not None else "—"
            people.append((f.pk, f.code, "", "candidate", 0, shown))
        elif f.party.leader.strip():
            key = name_key(f.party.leader)
            pin = pins_by_key.get((f.pk, key), "")
            people.append((f.pk, pin, key, "leader", 0, f.party.leader.strip()))
    return people


def _debts(pids: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The tax-debtor register's rows of these payees, as evidence."""
    debts: dict[str, list[dict[str, Any]]] = {}
    wanted = sorted(pids)
    for start in range(0, len(wanted), 2_000):
        rows = TaxDebtor.objects.filter(inn__in=wanted[start : start + 2_000]).order_by(
            "inn", "as_of", "creditor"
        )
        for d in rows:
            debts.setdefault(d.inn, []).append(
                {"creditor": d.creditor, "debt_kgs": str(d.debt_kgs), "as_of": d.as_of.isoformat()}
            )
    return debts


def _payee(row: dict[str, Any]) -> dict[str, Any]:
    """What the fund filed about the payment."""
    return {
        "payee_name": row["payee_name"],
        "payee_id": row["payee_id"] or None,
        "matched_by_name": not row["payee_id"],
        "date": day(row["date"]),
    }


def _entity(row: dict[str, Any]) -> dict[str, Any]:
    """The payee's row of the legal-entity register."""
    return {
        "inn": row["inn"],
        "name": row["entity_name"],
        "legal_form": row["legal_form"],
        "country": row["country"],
        "registered": day(row["registration_date"]),
        "liquidated": day(row["liquidation_date"]) if row["liquidation_date"] else None,
        "state_share": _pct(row["state_share"]),
    }


def _pct(value: Any) -> str:
    if value is None:
        return "0"
    return f"{Decimal(str(value)).quantize(Decimal('0.01')).normalize():f}"
