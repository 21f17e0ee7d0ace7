"""Reconciliation: every bank line against the filed reports, as set-based SQL.

For the funds given, the `banking_transaction` rows are rebuilt from scratch in a handful of
statements (rules.md, "Bank reconciliation rules"):

1. match by reference: a filed item's `bank_ref` equals a line's `reference` (one line for one
   item); differing amounts are an `amount_mismatch`;
2. match the rest by amount, counterparty id and dates at most `bank_match_days` apart, in
   rounds: each round pairs every free item and free line that are each other's nearest
   candidate (by date distance, then id), so every line and item is used once;
3. the items left are declared but not in the statement (in-kind items expect no movement);
4. the lines left are undeclared, or pending when booked after the period reported so far.

A line of 0.00 (a bank's account check, such as a verification booking) moves no money and
takes no part.

The items are those of each fund's *standing* version: its current final report if filed,
else its current interim report. Each transaction gets the three-way status: bank, report,
scanned document, and `agrees`, `differs` or `pending` overall.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from talapker.core.planner import planner_settings, whole_set_settings
from talapker.funds.models import Fund

MAX_ROUNDS = 50
ANALYZED = (
    "banking_bankline",
    "filings_contribution",
    "filings_expenditure",
    "banking_transaction",
)
COLUMNS = (
    "fund_id, contribution_id, expenditure_id, bank_line_id, date, amount, "
    "matched_by, bank, reported, document, status"
)

# The standing versions are looked up first and given as lists of ids: a CTE read twice is
# materialised by PostgreSQL, which then guesses it holds one row and joins 50,000 items
# against 50,000 lines in a nested loop (measured: 16 s and more for one fund).
VERSIONS = """
versions AS (
  SELECT v.id AS version_id, r.fund_id, v.period_to,
         CASE WHEN v.scan <> '' THEN 'scanned' ELSE 'missing' END AS document
  FROM filings_reportversion v JOIN filings_report r ON r.id = v.report_id
  WHERE v.id IN ({versions})
)"""

# Each CTE below is read once, so both databases inline it and see the real tables' sizes
# (a CTE read twice is materialised, and PostgreSQL then guesses it holds one row).
ITEMS = """
free_items AS (
  SELECT 'c' AS kind, c.id AS item_id, s.fund_id, c.date, c.amount AS amount, c.method,
         c.bank_ref, c.donor_id AS party_id, s.document
  FROM filings_contribution c JOIN versions s ON s.version_id = c.version_id
  WHERE NOT EXISTS (SELECT 1 FROM banking_transaction t WHERE t.contribution_id = c.id)
  UNION ALL
  SELECT 'e', e.id, s.fund_id, e.date, -e.amount, e.method, e.bank_ref, e.payee_id, s.document
  FROM filings_expenditure e JOIN versions s ON s.version_id = e.version_id
  WHERE NOT EXISTS (SELECT 1 FROM banking_transaction t WHERE t.expenditure_id = e.id)
),
free_lines AS (
  SELECT l.id AS line_id, a.fund_id, l.reference, l.booking_date, l.amount, l.counterparty_id
  FROM banking_bankline l JOIN funds_account a ON a.id = l.account_id
  WHERE a.fund_id IN ({funds}) AND l.amount <> 0
    AND NOT EXISTS (SELECT 1 FROM banking_transaction t WHERE t.bank_line_id = l.id)
)"""

ITEM_IDS = "CASE WHEN m.kind = 'c' THEN m.item_id END, CASE WHEN m.kind = 'e' THEN m.item_id END"

BY_REFERENCE = """
INSERT INTO banking_transaction ({columns})
SELECT m.fund_id, {item_ids}, m.line_id, m.date, m.amount, 'reference',
       CASE WHEN m.amount = m.line_amount THEN 'matched' ELSE 'amount_mismatch' END,
       'declared', m.document,
       CASE WHEN m.amount = m.line_amount AND m.document = 'scanned'
            THEN 'agrees' ELSE 'differs' END
FROM (
  SELECT i.*, l.line_id, l.amount AS line_amount,
         ROW_NUMBER() OVER (PARTITION BY l.line_id ORDER BY i.kind, i.item_id) AS rl,
         ROW_NUMBER() OVER (PARTITION BY i.kind, i.item_id ORDER BY l.line_id) AS ri
  FROM free_items i JOIN free_lines l ON l.fund_id = i.fund_id AND l.reference = i.bank_ref
  WHERE i.bank_ref <> '' AND i.method <> 'in_kind'
) m
WHERE m.rl = 1 AND m.ri = 1"""

BY_AMOUNT = """
INSERT INTO banking_transaction ({columns})
SELECT m.fund_id, {item_ids}, m.line_id, m.date, m.amount, 'amount_date', 'matched',
       'declared', m.document,
       CASE WHEN m.document = 'scanned' THEN 'agrees' ELSE 'differs' END
FROM (
  SELECT i.*, l.line_id,
         ROW_NUMBER() OVER (PARTITION BY i.kind, i.item_id ORDER BY {gap}, l.line_id) AS ri,
         ROW_NUMBER() OVER (PARTITION BY l.line_id ORDER BY {gap}, i.kind, i.item_id) AS rl
  FROM free_items i JOIN free_lines l
    ON l.fund_id = i.fund_id AND l.amount = i.amount AND l.counterparty_id = i.party_id
  WHERE i.party_id <> '' AND i.method <> 'in_kind' AND {gap} <= %(days)s
) m
WHERE m.ri = 1 AND m.rl = 1"""

UNMATCHED_ITEMS = """
INSERT INTO banking_transaction ({columns})
SELECT m.fund_id, {item_ids}, NULL, m.date, m.amount, '',
       CASE WHEN m.method = 'in_kind' THEN 'not_expected' ELSE 'missing' END,
       'declared', m.document,
       CASE WHEN m.method = 'in_kind' AND m.document = 'scanned'
            THEN 'agrees' ELSE 'differs' END
FROM free_items m"""

UNMATCHED_LINES = """
INSERT INTO banking_transaction ({columns})
SELECT l.fund_id, NULL, NULL, l.line_id, l.booking_date, l.amount, '', 'matched',
       CASE WHEN s.period_to IS NULL OR l.booking_date > s.period_to
            THEN 'pending' ELSE 'undeclared' END,
       'missing',
       CASE WHEN s.period_to IS NULL OR l.booking_date > s.period_to
            THEN 'pending' ELSE 'differs' END
FROM free_lines l LEFT JOIN (
  SELECT r.fund_id, v.period_to FROM filings_reportversion v
  JOIN filings_report r ON r.id = v.report_id WHERE v.id IN ({versions})
) s ON s.fund_id = l.fund_id"""


def _gap() -> str:
    """Days between a line's booking date and the item's date, in this database's dialect."""
    if connection.vendor == "postgresql":
        return "abs(l.booking_date - i.date)"
    return "abs(julianday(l.booking_date) - julianday(i.date))"


def _sql(statement: str, fund_count: int, version_count: int) -> str:
    """The statement with the shared CTEs, as `INSERT INTO ... WITH ... SELECT ...`: with the
    WITH clause inside, sqlite3 reports the row count (it does not for a leading WITH)."""
    funds = ", ".join([f"%(f{n})s" for n in range(fund_count)])
    versions = ", ".join([f"%(v{n})s" for n in range(version_count)]) or "NULL"
    ctes = "WITH " + ",".join([VERSIONS, ITEMS]).format(funds=funds, versions=versions)
    body = statement.format(columns=COLUMNS, item_ids=ITEM_IDS, gap=_gap(), versions=versions)
    insert, select = body.split("\nSELECT ", 1)
    return f"{insert}\n{ctes}\nSELECT {select}"


def reconcile(fund_ids: Sequence[int]) -> None:
    """Rebuild the transactions of these funds (in the caller's transaction, if any)."""
    if not fund_ids:
        return
    days = {f.pk: f.election.rules["bank_match_days"] for f in _funds(fund_ids)}
    # The window is an election parameter; funds of different elections go separately.
    by_window: dict[int, list[int]] = {}
    for fund_id, window in days.items():
        by_window.setdefault(int(window), []).append(fund_id)
    # Rows were just bulk-inserted and the fund's transactions are about to be deleted: the
    # statistics cannot tell the planner how many items and lines are free, and a guess of one
    # row makes it join 50,000 against 50,000 in a nested loop (measured: minutes for one
    # fund). These statements are whole-set work: fresh statistics and hash joins, always.
    planner = whole_set_settings() | {"enable_nestloop": "off"}
    with transaction.atomic(), planner_settings(planner), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(ANALYZED)}")
        for window, ids in by_window.items():
            standing = _standing(ids)
            params: dict[str, Any] = {f"f{n}": fund_id for n, fund_id in enumerate(ids)}
            params |= {f"v{n}": version_id for n, version_id in enumerate(standing)}
            params |= {"days": window}
            counts = (len(ids), len(standing))
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"DELETE FROM banking_transaction WHERE fund_id IN ({placeholders})",  # noqa: S608
                ids,
            )
            cursor.execute(_sql(BY_REFERENCE, *counts), params)
            for _round in range(MAX_ROUNDS):
                cursor.execute(_sql(BY_AMOUNT, *counts), params)
                if cursor.rowcount == 0:
                    break
            cursor.execute(_sql(UNMATCHED_ITEMS, *counts), params)
            cursor.execute(_sql(UNMATCHED_LINES, *counts), params)


def _standing(fund_ids: Sequence[int]) -> list[int]:
    """The ids of the funds' standing versions (filings' `ReportVersion.objects.standing()`)."""
    from talapker.filings.models import ReportVersion

    versions = ReportVersion.objects.standing().filter(report__fund_id__in=fund_ids)
    return sorted(versions.values_list("pk", flat=True))


def _funds(fund_ids: Sequence[int]) -> list[Fund]:
    return list(Fund.objects.filter(pk__in=fund_ids).select_related("election"))


def reconcile_election(election_id: int) -> None:
    """Rebuild the transactions of every fund of an election."""
    reconcile(list(Fund.objects.filter(election_id=election_id).values_list("pk", flat=True)))
