"""SQL the rule families share: the rows in scope, and the few expressions that SQLite and
PostgreSQL write differently. Money is compared in tyiyn (integer hundredths), because SQLite
keeps decimals as floating point and a sum exactly at a cap must not come out above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection

from talapker.compliance.registry import Scope


def cents(column: str) -> str:
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def minus_years(date_column: str, years_param: str) -> str:
    """The date `years` years before the column's date."""
    if connection.vendor == "postgresql":
        return f"({date_column} - make_interval(years => {years_param}))::date"
    return f"date({date_column}, '-' || {years_param} || ' years')"


def minus_days(date_column: str, days_param: str) -> str:
    if connection.vendor == "postgresql":
        return f"({date_column} - {days_param}::int)"
    return f"date({date_column}, '-' || {days_param} || ' days')"


def in_list(name: str, values: tuple[Any, ...], params: dict[str, Any]) -> str:
    """`IN (...)` over named parameters `name0, name1, ...` (added to params)."""
    if not values:
        return "(NULL)"
    for n, value in enumerate(values):
        params[f"{name}{n}"] = value
    return "(" + ", ".join(f"%({name}{n})s" for n in range(len(values))) + ")"


CHUNK = 2_000  # rows of a VALUES list per statement


def chunks(rows: list[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """`rows` in slices of `CHUNK`, for VALUES lists that stay under the parameter limits."""
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def values_list(rows: list[tuple[Any, ...]], params: dict[str, Any], prefix: str = "k") -> str:
    """`(%(k0_0)s, %(k0_1)s, ...), ...` for a VALUES list, the values added to params (a
    statement with two lists gives each its own `prefix`)."""
    listed = []
    for n, row in enumerate(rows):
        names = [f"{prefix}{n}_{i}" for i in range(len(row))]
        params.update(zip(names, row, strict=True))
        listed.append("(" + ", ".join(f"%({name})s" for name in names) + ")")
    return ", ".join(listed)


def contributions_cte(scope: Scope, params: dict[str, Any]) -> str:
    """`c`: the contributions of the versions in scope, with their fund."""
    versions = in_list("v", scope.version_ids, params)
    # Only placeholders and our own expressions go into the text; values go in params.
    return f"""
c AS (
  SELECT c.id, c.version_id, c.line, c.date, c.donor_kind, c.donor_id, c.donor_name, c.donor_key,
         c.donor_id_ok, c.amount, {cents("c.amount")} AS cents, c.method, c.bank_ref,
         r.fund_id
  FROM filings_contribution c
  JOIN filings_reportversion v ON v.id = c.version_id
  JOIN filings_report r ON r.id = v.report_id
  WHERE c.version_id IN {versions}
)"""  # noqa: S608


def expenditures_cte(scope: Scope, params: dict[str, Any]) -> str:
    """`e`: the expenditures of the versions in scope, with their fund."""
    versions = in_list("w", scope.version_ids, params)
    return f"""
e AS (
  SELECT e.id, e.line, e.date, e.category, e.payee_id, e.payee_name,
         COALESCE(e.payee_key, '') AS payee_key, e.amount, {cents("e.amount")} AS cents,
         e.description, r.fund_id
  FROM filings_expenditure e
  JOIN filings_reportversion v ON v.id = e.version_id
  JOIN filings_report r ON r.id = v.report_id
  WHERE e.version_id IN {versions}
)"""  # noqa: S608


def fetch(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run a query; its rows as dicts."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_rows(sql: str, params: dict[str, Any]) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    """Run a query; its column positions and its rows as tuples (for big results, where a
    dict per row costs more than the query)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = {d[0]: n for n, d in enumerate(cursor.description)}
        return columns, cursor.fetchall()
