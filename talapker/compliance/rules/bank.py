"""Bank reconciliation (rules.md): the findings the reconciliation's three-way status stands
for. The matching itself is `banking/reconcile.py`; this reads its verdicts in one query."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.utils.translation import gettext_lazy as _

from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.compliance.rules.common import day, som
from talapker.compliance.sql import cents, fetch_rows, in_list

ART = "CL Art. 41(12)"
rule(
    "BANK_UNDECLARED_CREDIT", "violation", _("Money received but not declared"),
    _("Bank line %(line)s: %(amount)s som came into the fund's account on %(date)s from "
      "%(counterparty)s, and no filed contribution accounts for it."), ART,
)  # fmt: skip
rule(
    "BANK_UNDECLARED_DEBIT", "violation", _("Money spent but not declared"),
    _("Bank line %(line)s: %(amount)s som left the fund's account on %(date)s to "
      "%(counterparty)s, and no filed expenditure accounts for it."), ART,
)  # fmt: skip
rule(
    "DECLARED_NOT_IN_BANK", "warning", _("Declared bank payment missing from the statement"),
    _("Line %(line)s: %(amount)s som declared as paid through the bank (reference "
      "%(bank_ref)s) on %(date)s has no line in the bank's statement."), ART,
)  # fmt: skip
rule(
    "BANK_AMOUNT_MISMATCH", "violation", _("Declared amount differs from the bank"),
    _("Line %(line)s: the report declares %(amount)s som for bank reference %(bank_ref)s; the "
      "bank booked %(bank_amount)s som."), ART,
)  # fmt: skip

SQL = """
SELECT t.fund_id, t.bank, t.reported, {t_cents} AS cents, CAST(t.date AS TEXT) AS date,
       l.reference, {l_cents} AS bank_cents, l.counterparty_name, l.counterparty_id,
       c.line AS c_line, c.method AS c_method, c.bank_ref AS c_ref, {c_cents} AS c_cents,
       e.line AS e_line, e.method AS e_method, e.bank_ref AS e_ref, {e_cents} AS e_cents
FROM banking_transaction t
LEFT JOIN banking_bankline l ON l.id = t.bank_line_id
LEFT JOIN filings_contribution c ON c.id = t.contribution_id
LEFT JOIN filings_expenditure e ON e.id = t.expenditure_id
WHERE t.fund_id IN {funds}
  AND (t.reported = 'undeclared' OR t.bank = 'amount_mismatch'
       OR (t.bank = 'missing' AND (c.method = 'bank' OR e.method = 'bank')))
"""


@family("bank")
def find(scope: Scope) -> Iterator[Hit]:
    if not scope.persist:  # a draft has no reconciliation yet
        return
    params: dict[str, Any] = {}
    sql = SQL.format(
        funds=in_list("f", scope.fund_ids, params),
        t_cents=cents("t.amount"),
        l_cents=cents("l.amount"),
        c_cents=cents("c.amount"),
        e_cents=cents("e.amount"),
    )
    columns, rows = fetch_rows(sql, params)
    facts_of = itemgetter(*(columns[name] for name in UNDECLARED_FACTS))
    reported, fund, reference = columns["reported"], columns["fund_id"], columns["reference"]
    for row in rows:
        if row[reported] == "undeclared":  # a line per row of a statement: kept as facts
            facts = facts_of(row)
            credit = int(facts[1]) > 0
            code = "BANK_UNDECLARED_CREDIT" if credit else "BANK_UNDECLARED_DEBIT"
            yield Hit(code, row[fund], "bank", row[reference], facts=facts, make=_undeclared)
        else:
            yield _matched(dict(zip(columns, row, strict=True)))


UNDECLARED_FACTS = ("date", "cents", "bank_cents", "counterparty_name", "counterparty_id")


def _undeclared(facts: tuple[Any, ...]) -> tuple[Decimal, dict[str, Any]]:
    on, amount, bank_amount, counterparty, counterparty_id = facts
    evidence = {
        "date": day(on),
        "counterparty": counterparty or "—",
        "counterparty_id": counterparty_id,
        "bank_amount": str(som(bank_amount)),
    }
    return som(abs(int(amount))), evidence


def _matched(row: dict[str, Any]) -> Hit:
    on = day(row["date"])
    source = "contribution" if row["c_line"] is not None else "expenditure"
    prefix = source[0]
    line, ref = str(row[f"{prefix}_line"]), row[f"{prefix}_ref"]
    amount = som(row[f"{prefix}_cents"])
    if row["bank"] == "amount_mismatch":
        evidence = {
            "bank_ref": ref,
            "date": on,
            "bank_amount": str(som(abs(int(row["bank_cents"])))),
            "declared_amount": str(amount),
        }
        return Hit("BANK_AMOUNT_MISMATCH", row["fund_id"], source, line, amount, evidence)
    evidence = {"bank_ref": ref, "date": on}
    return Hit("DECLARED_NOT_IN_BANK", row["fund_id"], source, line, amount, evidence)
