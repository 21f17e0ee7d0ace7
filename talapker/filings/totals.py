"""Totals kept when a version is filed: each donor's sum, in tyiyn (hundredths of a som).

A filed version's rows never change, so its per-donor totals are computed once, by one
statement, in the filing's transaction. Screening's caps read them (a scan of the totals
instead of an aggregate over every contribution), and so can any page that lists a fund's
donors by what they gave.
"""

from __future__ import annotations

from django.db import connection

from talapker.filings.models import ReportVersion

# In tyiyn, so that sums are exact on SQLite too (it keeps decimals as floating point).
DONOR_TOTALS = """
INSERT INTO filings_donortotal (version_id, donor_kind, donor_id, cents, rows)
SELECT version_id, donor_kind, donor_id, SUM(CAST(ROUND(amount * 100) AS BIGINT)), COUNT(*)
FROM filings_contribution WHERE version_id = %s
GROUP BY version_id, donor_kind, donor_id
"""


def donor_totals_store(version: ReportVersion) -> None:
    """Keep the per-donor totals of a version just filed (in the filing's transaction)."""
    if version.state != ReportVersion.State.FILED:
        raise ValueError("donor totals are kept for filed versions only")
    with connection.cursor() as cursor:
        cursor.execute(DONOR_TOTALS, [version.pk])
        if connection.vendor == "postgresql":  # the screen that follows plans on real sizes
            cursor.execute("ANALYZE filings_donortotal")
