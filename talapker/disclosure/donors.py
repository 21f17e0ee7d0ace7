"""Donors told apart without being exposed (issue 10, item 4).

Each donor's public id (`ref`) is a keyed hash of the number the reports file for them:
HMAC-SHA256 under the platform's pseudonym key (`TALAPKER_PSEUDONYM_KEY`), its first 80 bits
in lower-case base32, 16 characters ([a-z2-7]). Without the key no one can compute the ref
of a PIN, although PINs are few enough (some 10^10) to try them all; with 80 bits, ten
million donors collide with a probability of about 4·10^-11.

What is hashed is the number alone, so one PIN is one donor whatever the spelling, script or
fund, and whether filed as `individual` or `candidate_own` (a candidate giving their own
money is the same person); an INN filed as `legal_entity` or `party_own` likewise. A number
gets a ref when it is well formed for the kind it is filed under (a PIN for people, an INN
for entities): a row with an empty or malformed id gets none, because it identifies no one
(screening flags it as `DONOR_UNIDENTIFIED`); guessing a donor from a name would merge
namesakes. Such money is in the funds' totals and lists, not in any donor's.

The refs are stored (`Donor`) as each version is filed, set-based: the version's distinct
numbers are read from its donor totals, hashed in Python and inserted in batches, existing
ones skipped. Then the fund's `FundDonor` rows are rebuilt from its standing version by one
statement, so a donor's total across funds is a sum over a few rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from talapker.core.identifiers import is_inn, is_pin
from talapker.core.pseudonyms import ref_for
from talapker.disclosure.models import Donor, FundDonor
from talapker.filings.models import ReportVersion
from talapker.funds.models import Fund

logger = logging.getLogger(__name__)

PERSON_KINDS = ("individual", "candidate_own")
ENTITY_KINDS = ("legal_entity", "party_own")
BATCH = 1000

# The numbers of a filed version that have no ref yet (its donor totals hold each once).
NEW_IDS = """
SELECT DISTINCT t.donor_kind, t.donor_id FROM filings_donortotal t
WHERE t.version_id = %s AND t.donor_id <> ''
  AND NOT EXISTS (SELECT 1 FROM disclosure_donor d WHERE d.donor_id = t.donor_id)
"""

# The standing version of a fund: its current final report, else its current interim one
# (as `ReportVersion.objects.standing()`; here in SQL for the migration's backfill).
STANDING = """
SELECT v.id FROM filings_reportversion v JOIN filings_report r ON r.id = v.report_id
WHERE r.fund_id = %s AND v.state = 'filed' AND v.is_current
ORDER BY CASE WHEN r.kind = 'final' THEN 0 ELSE 1 END LIMIT 1
"""

FUND_DONORS_DELETE = "DELETE FROM disclosure_funddonor WHERE fund_id = %s"

# One row per donor of the version: the sum in tyiyn (exact on SQLite too), the number of
# gifts, the greatest kind code, one name as filed and the keys of all its spellings.
FUND_DONORS_INSERT = """
INSERT INTO disclosure_funddonor
  (donor_id, fund_id, election_id, version_id, kind, name, name_keys, cents, gifts)
SELECT d.id, %(fund)s, %(election)s, c.version_id, MAX(c.donor_kind), MIN(c.donor_name),
       {keys}, SUM(CAST(ROUND(c.amount * 100) AS BIGINT)), COUNT(*)
FROM filings_contribution c JOIN disclosure_donor d ON d.donor_id = c.donor_id
WHERE c.version_id = %(version)s
GROUP BY d.id, c.version_id
"""


def _keys_aggregate(vendor: str) -> str:
    if vendor == "postgresql":
        return "STRING_AGG(DISTINCT c.donor_key, ',')"
    return "GROUP_CONCAT(DISTINCT c.donor_key)"  # SQLite's separator is ','


def identifies(donor_kind: str, donor_id: str) -> bool:
    """Whether a filed id names a donor: a PIN for people, an INN for entities."""
    if donor_kind in PERSON_KINDS:
        return is_pin(donor_id)
    if donor_kind in ENTITY_KINDS:
        return is_inn(donor_id)
    return False


def donor_refs(ids: Iterable[str]) -> dict[str, str]:
    """The refs of the given filed ids that have one (one query): {donor_id: ref}. An id
    that identifies no one (empty, malformed) is absent. For the ids of a page of rows: they
    go to the database as a list."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return dict(Donor.objects.filter(donor_id__in=wanted).values_list("donor_id", "ref"))


def refs_insert(model: Any, donor_ids: Iterable[str]) -> int:
    """Store the refs of these numbers, skipping any already stored (also the migration's
    backfill, with its historical model); return how many were asked for. In sorted order:
    two filings that bring the same new numbers wait for each other, never in a circle."""
    rows = [model(ref=ref_for(i), donor_id=i) for i in sorted(set(donor_ids))]
    model.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def version_refs_store(version: ReportVersion) -> int:
    """Give a ref to every number of a filed version that identifies a donor and has none
    yet (in the filing's transaction); return how many were new."""
    new = _new_ids(version)
    if not new:
        return 0
    refs_insert(Donor, new)
    left = _new_ids(version)  # a number whose ref another has: 4·10^-11 at ten million donors
    if left:
        logger.error("donor refs collide: %d numbers of version %s have none", len(left), version)
    return len(new)


def _new_ids(version: ReportVersion) -> set[str]:
    """The version's numbers that identify a donor and have no ref (one query, no list of
    numbers sent: a version may hold more than SQLite takes in one statement)."""
    with connection.cursor() as cursor:
        cursor.execute(NEW_IDS, [version.pk])
        return {donor_id for kind, donor_id in cursor.fetchall() if identifies(kind, donor_id)}


def fund_donors_rebuild(fund_id: int, election_id: int, using: BaseDatabaseWrapper) -> None:
    """Replace a fund's `FundDonor` rows with those of its standing version (three
    statements, whatever the number of rows)."""
    with using.cursor() as cursor:
        cursor.execute(STANDING, [fund_id])
        row = cursor.fetchone()
        cursor.execute(FUND_DONORS_DELETE, [fund_id])
        if row is None:
            return
        cursor.execute(
            FUND_DONORS_INSERT.format(keys=_keys_aggregate(using.vendor)),
            {"fund": fund_id, "election": election_id, "version": row[0]},
        )


def fund_donors_store(fund: Fund) -> None:
    """Keep the fund's donors in step with its standing version (in the filing's
    transaction). A filing that leaves the standing version as it was (an interim
    correction after the final report) changes nothing."""
    standing = (
        ReportVersion.objects.standing()
        .filter(report__fund=fund)
        .values_list("pk", flat=True)
        .first()
    )
    rows = FundDonor.objects.filter(fund=fund)
    if (
        standing is not None
        and rows.filter(version_id=standing).exists()
        and not rows.exclude(version_id=standing).exists()
    ):
        return
    fund_donors_rebuild(fund.pk, fund.election_id, connection)
