"""Sums and dates: caps per donor and per fund, the spending cap, cash, the campaign's dates,
clusters of equal gifts, and money that had to be returned (rules.md, contribution rules).

Running totals are window sums in SQL, in tyiyn, so a donor exactly at the cap is not over
it. Refunds are checked after every other family has run, on the contributions found
inadmissible: few rows, read with the refunds of their funds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.compliance.rules.common import day, som
from talapker.compliance.sql import (
    cents,
    chunks,
    contributions_cte,
    expenditures_cte,
    fetch,
    in_list,
    values_list,
)

ART = "CL Art. 41"
rule(
    "DONOR_CAP_EXCEEDED", "violation", _("Donor over the cap"),
    _("Line %(line)s: this donation brings %(donor_name)s's total to the fund to %(total)s "
      "som, over the cap of %(cap)s som; %(excess)s som must be returned."), "CL Art. 41(6)",
)  # fmt: skip
rule(
    "CASH_OVER_LIMIT", "violation", _("Cash donation over the limit"),
    _("Line %(line)s: a cash donation of %(amount)s som is over the cash limit of %(cap)s "
      "som."), ART,
)  # fmt: skip
rule(
    "OUTSIDE_CAMPAIGN", "warning", _("Donation outside the campaign"),
    _("Line %(line)s: the donation is dated %(date)s, outside the campaign from %(start)s to "
      "%(end)s."), ART,
)  # fmt: skip
rule(
    "FUND_CAP_EXCEEDED", "violation", _("Fund over its cap"),
    _("The fund received %(total)s som in all, over its cap of %(cap)s som."), "CL Art. 41(6)",
)  # fmt: skip
rule(
    "SPENDING_CAP_EXCEEDED", "violation", _("Spending over the cap"),
    _("The fund spent %(total)s som in all, over the spending cap of %(cap)s som."),
    "CL Art. 41(6)",
)  # fmt: skip
rule(
    "DONOR_CLUSTER", "notice", _("Many donors giving the same amount on one day"),
    _("On %(date)s, %(donors)s people each gave %(amount)s som (lines %(lines)s): possibly "
      "straw donors for one source."), ART,
)  # fmt: skip
rule(
    "PROHIBITED_NOT_REFUNDED", "violation", _("Inadmissible money not returned in time"),
    _("Line %(line)s: %(owed)s som had to be returned by %(due)s (%(reason)s); %(returned)s "
      "som was returned in time."), "CL Art. 41(4)",
)  # fmt: skip

# Caps in two steps. First the donors whose total is over their cap: for a filed version, from
# the totals kept when it was filed (`filings/totals.py`); for a draft, summed here. Then the
# running totals of those few donors alone (a window sum over their rows), to name the line
# that crossed the cap.
OVER_CAP = """
SELECT version_id, donor_kind, donor_id FROM filings_donortotal
WHERE version_id IN {filed} AND donor_kind IN ('individual', 'legal_entity') AND donor_id <> ''
  AND cents > CASE donor_kind WHEN 'individual' THEN %(individual)s ELSE %(entity)s END
UNION ALL
SELECT version_id, donor_kind, donor_id FROM filings_contribution
WHERE version_id IN {drafts} AND donor_kind IN ('individual', 'legal_entity')
  AND donor_id <> ''
GROUP BY version_id, donor_kind, donor_id
HAVING SUM({cents}) > CASE donor_kind WHEN 'individual' THEN %(individual)s ELSE %(entity)s END
"""
CROSSINGS = """
WITH {c}
SELECT fund_id, line, cents, date, donor_kind, donor_id, donor_name, running, cap
FROM (
  SELECT c.*, SUM(c.cents) OVER (
           PARTITION BY c.fund_id, c.donor_kind, c.donor_id ORDER BY c.date, c.line
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
         CASE c.donor_kind WHEN 'individual' THEN %(individual)s ELSE %(entity)s END AS cap
  FROM c WHERE (c.version_id, c.donor_kind, c.donor_id) IN (VALUES {donors})
) t
WHERE running > cap AND running - cents <= cap
"""
DATES_AND_CASH = """
WITH {c}
SELECT fund_id, line, cents, date, method FROM c
WHERE c.date < %(start)s OR c.date > %(end)s OR (c.method = 'cash' AND c.cents > %(cash)s)
"""
# Clusters in two steps too. The groups of one amount on one day with enough rows (a donor
# may give twice, so this is a superset) come from one aggregate; then the rows of those
# groups alone, whose distinct donors are counted here.
CLUSTER_GROUPS = """
SELECT version_id, date, {cents} AS cents FROM filings_contribution
WHERE version_id IN {versions} AND donor_kind = 'individual'
GROUP BY version_id, date, amount HAVING COUNT(*) >= %(cluster)s
"""
CLUSTER_ROWS = """
WITH {c}
SELECT fund_id, date, cents, line, donor_id FROM c
WHERE donor_kind = 'individual' AND (version_id, date, cents) IN (VALUES {groups})
ORDER BY fund_id, date, cents, line
"""
FUND_TOTAL = """
SELECT r.fund_id, SUM(t.cents) AS total
FROM (
  SELECT version_id, cents FROM filings_donortotal WHERE version_id IN {filed}
  UNION ALL
  SELECT version_id, {cents} FROM filings_contribution WHERE version_id IN {drafts}
) t
JOIN filings_reportversion v ON v.id = t.version_id JOIN filings_report r ON r.id = v.report_id
GROUP BY r.fund_id HAVING SUM(t.cents) > %(cap)s
"""
SPENT = """
WITH {e}
SELECT fund_id, SUM(cents) AS total FROM e GROUP BY fund_id HAVING SUM(cents) > %(cap)s
"""


@family("money")
def find(scope: Scope) -> Iterator[Hit]:
    yield from _caps(scope)
    yield from _dates_and_cash(scope)
    yield from _clusters(scope)
    yield from _totals(scope)


def _caps(scope: Scope) -> Iterator[Hit]:
    caps = {
        "individual": scope.cap_cents("individual_cap_ci"),
        "entity": scope.cap_cents("legal_entity_cap_ci"),
    }
    params: dict[str, Any] = dict(caps)
    sql = OVER_CAP.format(cents=cents("amount"), **_kept(scope, params))
    over = [(r["version_id"], r["donor_kind"], r["donor_id"]) for r in fetch(sql, params)]
    for chunk in chunks(over):
        params = dict(caps)
        sql = CROSSINGS.format(
            c=contributions_cte(scope, params), donors=values_list(chunk, params)
        )
        for row in fetch(sql, params):
            evidence = {
                "donor_id": row["donor_id"],
                "donor_name": row["donor_name"],
                "donor_kind": row["donor_kind"],
                "date": day(row["date"]),
                "total": str(som(row["running"])),
                "cap": str(som(row["cap"])),
                "excess": str(som(int(row["running"]) - int(row["cap"]))),
            }
            line, amount = str(row["line"]), som(row["cents"])
            yield Hit("DONOR_CAP_EXCEEDED", row["fund_id"], "contribution", line, amount, evidence)


def _dates_and_cash(scope: Scope) -> Iterator[Hit]:
    election = scope.election
    cash = scope.param("cash_cap_kgs")
    cash_cents = int(Decimal(str(cash)) * 100) if cash is not None else 10**18
    params: dict[str, Any] = {
        "start": election.campaign_start,
        "end": election.election_day,
        "cash": cash_cents,
    }
    for row in fetch(DATES_AND_CASH.format(c=contributions_cte(scope, params)), params):
        on, amount = day(row["date"]), som(row["cents"])
        line = str(row["line"])
        if on < election.campaign_start.isoformat() or on > election.election_day.isoformat():
            evidence = {
                "date": on,
                "start": election.campaign_start.isoformat(),
                "end": election.election_day.isoformat(),
            }
            yield Hit("OUTSIDE_CAMPAIGN", row["fund_id"], "contribution", line, amount, evidence)
        if row["method"] == "cash" and int(row["cents"]) > cash_cents:
            evidence = {"cap": str(som(cash_cents))}
            yield Hit("CASH_OVER_LIMIT", row["fund_id"], "contribution", line, amount, evidence)


def _clusters(scope: Scope) -> Iterator[Hit]:
    least = scope.param("cluster_min_donors")
    params: dict[str, Any] = {"cluster": least}
    versions = in_list("g", scope.version_ids, params)
    sql = CLUSTER_GROUPS.format(versions=versions, cents=cents("amount"))
    groups = [(r["version_id"], r["date"], int(r["cents"])) for r in fetch(sql, params)]
    members: dict[tuple[Any, str, int], list[dict[str, Any]]] = {}
    for chunk in chunks(groups):
        params = {}
        sql = CLUSTER_ROWS.format(
            c=contributions_cte(scope, params), groups=values_list(chunk, params)
        )
        for m in fetch(sql, params):
            members.setdefault((m["fund_id"], day(m["date"]), int(m["cents"])), []).append(m)
    for (fund_id, on, cents_), lines in sorted(members.items()):
        donors = len({m["donor_id"] for m in lines})
        if donors < least:
            continue
        evidence = {
            "date": on,
            "donors": donors,
            "lines": [m["line"] for m in lines],
            "pins": [m["donor_id"] for m in lines],
        }
        first = str(min(m["line"] for m in lines))
        yield Hit("DONOR_CLUSTER", fund_id, "contribution", first, som(cents_), evidence)


def _totals(scope: Scope) -> Iterator[Hit]:
    for code, key in (
        ("FUND_CAP_EXCEEDED", "fund_cap_ci"),
        ("SPENDING_CAP_EXCEEDED", "spending_cap_ci"),
    ):
        params: dict[str, Any] = {"cap": scope.cap_cents(key)}
        if code == "FUND_CAP_EXCEEDED":
            sql = FUND_TOTAL.format(cents=cents("amount"), **_kept(scope, params))
        else:
            sql = SPENT.format(e=expenditures_cte(scope, params))
        for row in fetch(sql, params):
            evidence = {"total": str(som(row["total"])), "cap": str(som(params["cap"]))}
            yield Hit(code, row["fund_id"], "fund", "", som(row["total"]), evidence)


def _kept(scope: Scope, params: dict[str, Any]) -> dict[str, str]:
    """The scope's versions as two lists for `IN`: `filed` (their donor totals are kept) and
    `drafts` (summed from their rows)."""
    filed = scope.filed_version_ids
    drafts = tuple(v for v in scope.version_ids if v not in filed)
    return {"filed": in_list("kf", filed, params), "drafts": in_list("kd", drafts, params)}


# Money from these sources must be returned in full (rules.md: PROHIBITED_NOT_REFUNDED).
PROHIBITED_SOURCES = (
    "DONOR_UNIDENTIFIED", "DONOR_PIN_UNKNOWN", "DONOR_DECEASED", "DONOR_FOREIGN_CITIZEN",
    "DONOR_STATELESS", "ENTITY_INN_UNKNOWN", "ENTITY_FOREIGN", "ENTITY_FOREIGN_PARTICIPATION",
    "ENTITY_STATE_OWNED", "ENTITY_PROHIBITED_FORM", "ENTITY_TAX_DEBT", "ENTITY_LIQUIDATED",
)  # fmt: skip
REFUNDS = """
WITH {e}
SELECT fund_id, line, date, payee_id, cents, description FROM e
WHERE category = 'refund' AND fund_id IN {funds}
"""
ROWS = """
WITH {c}
SELECT fund_id, line, date, donor_id FROM c WHERE fund_id = %(fund)s AND line IN {lines}
"""
LINE_NUMBER = re.compile(r"\d+")


def refunds_due(scope: Scope, hits: Iterable[Hit]) -> Iterator[Hit]:
    """PROHIBITED_NOT_REFUNDED for the inadmissible contributions among `hits`: a refund is an
    expenditure of category `refund` to the donor's id that names the contribution's line in
    its description, dated within `refund_days` of the contribution."""
    owed: dict[tuple[int, str], tuple[Decimal, str]] = {}
    for hit in hits:
        if hit.source != "contribution" or hit.amount is None:
            continue
        key = (hit.fund_id, hit.line)
        if hit.rule in PROHIBITED_SOURCES:
            owed[key] = (hit.amount, hit.rule)
        elif hit.rule == "DONOR_CAP_EXCEEDED" and key not in owed:
            owed[key] = (Decimal(hit.evidence["excess"]), hit.rule)
    if not owed:
        return
    params: dict[str, Any] = {}
    funds = in_list("f", tuple(sorted({fund for fund, _line in owed})), params)
    refunds = fetch(REFUNDS.format(e=expenditures_cte(scope, params), funds=funds), params)
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    for fund_id in sorted({fund for fund, _line in owed}):  # only the owed lines, per fund
        lines = tuple(sorted(int(line) for f, line in owed if f == fund_id))
        wanted: dict[str, Any] = {"fund": fund_id}
        sql = ROWS.format(c=contributions_cte(scope, wanted), lines=in_list("l", lines, wanted))
        rows |= {(r["fund_id"], str(r["line"])): r for r in fetch(sql, wanted)}
    days = dt.timedelta(days=scope.param("refund_days"))
    for (fund_id, line), (amount, reason) in sorted(owed.items()):
        row = rows.get((fund_id, line))
        if row is None:
            continue
        due = dt.date.fromisoformat(day(row["date"])) + days
        returned = sum(
            (
                som(r["cents"])
                for r in refunds
                if r["fund_id"] == fund_id
                and row["donor_id"]  # anonymous money goes to the budget, not back
                and r["payee_id"] == row["donor_id"]
                and LINE_NUMBER.findall(r["description"] or "") == [line]
                and day(r["date"]) <= due.isoformat()
            ),
            Decimal("0.00"),
        )
        if returned < amount:
            evidence = {
                "owed": str(amount),
                "returned": str(returned),
                "due": due.isoformat(),
                "reason": reason,
                "donor_id": row["donor_id"],
            }
            yield Hit(
                "PROHIBITED_NOT_REFUNDED", fund_id, "contribution", line, amount - returned,
                evidence,
            )  # fmt: skip
