"""Totals kept when a version is filed, in tyiyn (hundredths of a som).

A filed version's rows never change, so its sums are computed once, by a few set-based
statements, in the filing's transaction:

- each donor's total (`DonorTotal`): screening's caps read them (a scan of the totals instead
  of an aggregate over every contribution), and so does any page that lists donors;
- the version's totals (`VersionTotals`): raised, spent, donors, the part from legal
  entities, and donors by the size of what each gave. The public pages read a fund's money
  from here, whatever the size of its tables.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection

from talapker.filings.models import ReportVersion, VersionTotals

# In tyiyn, so that sums are exact on SQLite too (it keeps decimals as floating point).
DONOR_TOTALS = """
INSERT INTO filings_donortotal (version_id, donor_kind, donor_id, cents, rows)
SELECT version_id, donor_kind, donor_id, SUM(CAST(ROUND(amount * 100) AS BIGINT)), COUNT(*)
FROM filings_contribution WHERE version_id = %s
GROUP BY version_id, donor_kind, donor_id
"""

CONTRIBUTED = """
SELECT COALESCE(SUM("rows"), 0), COALESCE(SUM(cents), 0), COUNT(*),
       COALESCE(SUM(CASE WHEN donor_kind = 'legal_entity' THEN cents ELSE 0 END), 0)
FROM filings_donortotal WHERE version_id = %s
"""

SPENT = """
SELECT COUNT(*), COALESCE(SUM(CAST(ROUND(amount * 100) AS BIGINT)), 0)
FROM filings_expenditure WHERE version_id = %s
"""

# Upper bounds of the size bands, in calculated indices (of the election's value): a donor
# whose gifts to the fund add up to at most 10 indices gave a small gift; the last band is
# open above. The bands describe, they limit nothing: the caps are election parameters.
BANDS_CI = (10, 100, 1000)
SMALL_BANDS = 1  # how many of the first bands count as small gifts

BY_CATEGORY = """
SELECT category, SUM(CAST(ROUND(amount * 100) AS BIGINT))
FROM filings_expenditure WHERE version_id = %s GROUP BY category
"""

BY_DAY = """
SELECT date, SUM(cents_in), SUM(cents_out) FROM (
    SELECT date, CAST(ROUND(amount * 100) AS BIGINT) AS cents_in, 0 AS cents_out
    FROM filings_contribution WHERE version_id = %s
    UNION ALL
    SELECT date, 0, CAST(ROUND(amount * 100) AS BIGINT)
    FROM filings_expenditure WHERE version_id = %s
) AS moves GROUP BY date ORDER BY date
"""

BANDED = """
SELECT CASE {cases} ELSE {last} END AS band, COUNT(*), COALESCE(SUM(cents), 0)
FROM filings_donortotal WHERE version_id = %s
GROUP BY 1
"""


def _iso(day: dt.date | str) -> str:
    """A date as ISO text (SQLite returns the text it stores, PostgreSQL a date)."""
    return day if isinstance(day, str) else day.isoformat()


def band_limits_cents(calculated_index_kgs: Decimal) -> list[int]:
    """The bands' upper bounds in tyiyn, for an election's calculated index."""
    return [int(Decimal(ci) * calculated_index_kgs * 100) for ci in BANDS_CI]


def donor_totals_store(version: ReportVersion) -> None:
    """Keep the per-donor totals and the version's totals of a version just filed (in the
    filing's transaction)."""
    if version.state != ReportVersion.State.FILED:
        raise ValueError("totals are kept for filed versions only")
    with connection.cursor() as cursor:
        cursor.execute(DONOR_TOTALS, [version.pk])
        if connection.vendor == "postgresql":  # the screen that follows plans on real sizes
            cursor.execute("ANALYZE filings_donortotal")
    version_totals_store(version)


def version_totals_store(version: ReportVersion) -> VersionTotals:
    """Sum a filed version whose donor totals are stored (also the migration's backfill)."""
    election = version.report.fund.election
    limits = band_limits_cents(Decimal(election.rule("calculated_index_kgs")))
    cases = " ".join(f"WHEN cents <= {limit} THEN {i}" for i, limit in enumerate(limits))
    with connection.cursor() as cursor:
        cursor.execute(CONTRIBUTED, [version.pk])
        contributions, raised, donors, legal = cursor.fetchone()
        cursor.execute(SPENT, [version.pk])
        expenditures, spent = cursor.fetchone()
        cursor.execute(BANDED.format(cases=cases, last=len(limits)), [version.pk])
        bands = [[0, 0] for _ in range(len(limits) + 1)]
        for band, count, cents in cursor.fetchall():
            bands[int(band)] = [int(count), int(cents)]
        cursor.execute(BY_CATEGORY, [version.pk])
        categories = {category: int(cents) for category, cents in cursor.fetchall()}
        cursor.execute(BY_DAY, [version.pk, version.pk])
        days = [[_iso(day), int(cents_in), int(cents_out)] for day, cents_in, cents_out in cursor]
    totals, _created = VersionTotals.objects.update_or_create(
        version=version,
        defaults={
            "contributions": contributions,
            "raised_cents": raised,
            "donors": donors,
            "legal_entity_cents": legal,
            "bands": bands,
            "expenditures": expenditures,
            "spent_cents": spent,
            "categories": categories,
            "days": days,
        },
    )
    return totals
