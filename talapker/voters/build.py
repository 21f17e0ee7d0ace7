"""Building an election's voter register from the population register, set-based.

A voter is a citizen (`KGZ` among their citizenships), alive, of `voter_min_age` on election
day, with biometric data, assigned to the station of their registered address, or to a
station abroad where a mobile group or a consulate registered them (`AbroadRegistration`) or
where staff approved their request to move (`MoveRequest`, which wins over a registration).
Someone whose registered address has no known station, and who is not assigned abroad, is
kept off with the reason `no_station`.

One build is one transaction: the eligible people are staged in a temporary table by one
`INSERT … SELECT` over the population register; the stage is compared with the register the
election holds (who was added, removed, moved: `RegisterChange`, for staff), and only those
rows are written; the counts per station and per reason are rewritten from the result. A
build with nothing to change writes nothing but its record. The first build of an election
records no changes (everyone is new).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from talapker.audit.services import audit_record
from talapker.elections.models import Election
from talapker.registers.models import RegisterKind
from talapker.registers.selectors import snapshot_current
from talapker.voters.models import (
    AbroadRegistration,
    Exclusion,
    MoveRequest,
    Precinct,
    Reason,
    RegisterBuild,
    RequestState,
)

# The approved request of a voter: the latest, if staff approved more than one.
STAGED = """
INSERT INTO voters_stage (pin, precinct, home_precinct, how)
SELECT p.pin,
       COALESCE(m.precinct, a.precinct, p.precinct),
       COALESCE(p.precinct, ''),
       CASE WHEN m.precinct IS NOT NULL THEN 'moved'
            WHEN a.precinct IS NOT NULL THEN 'abroad' ELSE 'home' END
FROM registers_person p
LEFT JOIN voters_abroadregistration a ON a.election_id = %(election)s AND a.pin = p.pin
LEFT JOIN (
  SELECT r.pin, r.precinct FROM voters_moverequest r
  WHERE r.election_id = %(election)s AND r.state = 'approved'
    AND r.id = (SELECT MAX(q.id) FROM voters_moverequest q
                WHERE q.election_id = r.election_id AND q.pin = r.pin AND q.state = 'approved')
) m ON m.pin = p.pin
WHERE p.holds_kgz AND p.death_date IS NULL AND p.birth_date <= %(adult)s AND p.biometric
  AND (m.precinct IS NOT NULL OR a.precinct IS NOT NULL
       OR p.precinct IN (SELECT code FROM voters_precinct))
"""

REASONS = """
SELECT SUM(CASE WHEN NOT p.holds_kgz THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.holds_kgz AND p.death_date IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.holds_kgz AND p.death_date IS NULL AND p.birth_date > %(adult)s
                THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.holds_kgz AND p.death_date IS NULL AND p.birth_date <= %(adult)s
                 AND NOT p.biometric THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.holds_kgz AND p.death_date IS NULL AND p.birth_date <= %(adult)s
                 AND p.biometric THEN 1 ELSE 0 END)
FROM registers_person p
"""

# What differs between the stage and the register, in two passes (the stage against the
# register: added, moved, or assigned otherwise at the same station; the register against the
# stage: removed). The changes and the writes then read this small table only.
DIFF = (
    """CREATE TEMPORARY TABLE voters_diff (pin VARCHAR(14) NOT NULL, change VARCHAR(8) NOT NULL,
         precinct VARCHAR(16) NOT NULL, home_precinct VARCHAR(16) NOT NULL,
         how VARCHAR(8) NOT NULL, was VARCHAR(16) NOT NULL)""",
    """INSERT INTO voters_diff (pin, change, precinct, home_precinct, how, was)
       SELECT s.pin, CASE WHEN v.pin IS NULL THEN 'added'
                          WHEN v.precinct <> s.precinct THEN 'moved' ELSE 'changed' END,
              s.precinct, s.home_precinct, s.how, COALESCE(v.precinct, '')
       FROM voters_stage s
       LEFT JOIN voters_voter v ON v.election_id = %(election)s AND v.pin = s.pin
       WHERE v.pin IS NULL OR v.precinct <> s.precinct OR v.how <> s.how
          OR v.home_precinct <> s.home_precinct""",
    """INSERT INTO voters_diff (pin, change, precinct, home_precinct, how, was)
       SELECT v.pin, 'removed', '', '', '', v.precinct FROM voters_voter v
       WHERE v.election_id = %(election)s
         AND NOT EXISTS (SELECT 1 FROM voters_stage s WHERE s.pin = v.pin)""",
    "CREATE INDEX voters_diff_pin ON voters_diff (pin)",
)
CHANGES = """
INSERT INTO voters_registerchange (build_id, pin, change, precinct_from, precinct_to)
SELECT %(build)s, pin, change, was, precinct FROM voters_diff WHERE change <> 'changed'
"""

APPLY = (
    """DELETE FROM voters_voter WHERE election_id = %(election)s
        AND pin IN (SELECT pin FROM voters_diff WHERE change = 'removed')""",
    # UPDATE … FROM: PostgreSQL, and SQLite since 3.33.
    """UPDATE voters_voter
        SET precinct = d.precinct, home_precinct = d.home_precinct, how = d.how
        FROM voters_diff d
        WHERE voters_voter.election_id = %(election)s AND d.pin = voters_voter.pin
          AND d.change IN ('moved', 'changed')""",
    """INSERT INTO voters_voter (election_id, pin, precinct, home_precinct, how)
        SELECT %(election)s, pin, precinct, home_precinct, how FROM voters_diff
        WHERE change = 'added'""",
)

# The first build: everyone is new, so the stage is copied in the register's order.
FIRST = """INSERT INTO voters_voter (election_id, pin, precinct, home_precinct, how)
SELECT %(election)s, s.pin, s.precinct, s.home_precinct, s.how FROM voters_stage s
ORDER BY s.pin"""

COUNTS = (
    "DELETE FROM voters_stationcount WHERE election_id = %(election)s",
    """INSERT INTO voters_stationcount (election_id, precinct, voters, abroad_registered,
                                        moved_here)
       SELECT %(election)s, precinct, COUNT(*),
              SUM(CASE WHEN how = 'abroad' THEN 1 ELSE 0 END),
              SUM(CASE WHEN how = 'moved' THEN 1 ELSE 0 END)
       FROM voters_voter WHERE election_id = %(election)s GROUP BY precinct""",
)


def adult_on(day: dt.date, years: int) -> dt.date:
    """The latest birth date of someone `years` old on `day` (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _stage(cursor: Any, params: dict[str, Any]) -> None:
    """Fill the stage, then index it: building an index once costs a third of inserting into
    one (docs/registers.md). PostgreSQL never analyses a temporary table by itself, and
    without statistics plans its joins for a few hundred rows; a bigger page cache for the
    temporary table (PostgreSQL) or the build (SQLite) spares the disk."""
    if connection.vendor == "postgresql":
        cursor.execute("SET temp_buffers = '256MB'")  # no effect once the session used one
    else:
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, for this connection
    cursor.execute("DROP TABLE IF EXISTS voters_stage")
    cursor.execute(
        "CREATE TEMPORARY TABLE voters_stage (pin VARCHAR(14) NOT NULL, "
        "precinct VARCHAR(16) NOT NULL, home_precinct VARCHAR(16) NOT NULL, "
        "how VARCHAR(8) NOT NULL)"
    )
    cursor.execute(STAGED, params)
    cursor.execute("CREATE UNIQUE INDEX voters_stage_pin ON voters_stage (pin)")
    if connection.vendor == "postgresql":
        cursor.execute("ANALYZE voters_stage")


def build_inputs(election: Election, snapshot: str) -> str:
    """A digest of what a build reads: the population snapshot (its rows change only with a
    new one), the election's day and voting age, the stations' codes, the registrations abroad
    (a changed one moves to a newer file) and the approved requests (never undone)."""
    abroad = AbroadRegistration.objects.filter(election=election).aggregate(
        n=Count("pk"), batch=Max("batch_id")
    )
    approved = MoveRequest.objects.filter(election=election, state=RequestState.APPROVED)
    moves = approved.aggregate(n=Count("pk"), last=Max("pk"))
    codes = ",".join(Precinct.objects.order_by("code").values_list("code", flat=True))
    text = "|".join(
        str(x)
        for x in (
            snapshot, election.election_day, election.rules["voter_min_age"],
            hashlib.sha256(codes.encode()).hexdigest(), abroad["n"], abroad["batch"],
            moves["n"], moves["last"],
        )
    )  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def register_build(election: Election, *, trigger: str, force: bool = False) -> RegisterBuild:
    """Build (or bring up to date) the election's voter register; return the build's record.

    Where a population snapshot is imported and nothing the build reads has changed since
    the last build, that build stands and nothing runs (the queue may bring the same trigger
    more than once); `force` builds anyway (the population rows were changed by hand, as a
    benchmark does)."""
    snapshot_row = snapshot_current(RegisterKind.POPULATION)
    inputs = build_inputs(election, snapshot_row.sha256 if snapshot_row else "")
    last = RegisterBuild.objects.filter(election=election).first()
    if snapshot_row is not None and last is not None and last.inputs == inputs and not force:
        return last
    started, clock = timezone.now(), time.perf_counter()
    params: dict[str, Any] = {
        "election": election.pk,
        "adult": adult_on(election.election_day, election.rules["voter_min_age"]),
    }
    snapshot = snapshot_row
    with transaction.atomic(), connection.cursor() as cursor:
        list(Election.objects.select_for_update().filter(pk=election.pk).values_list("pk"))
        first = not RegisterBuild.objects.filter(election=election).exists()
        build = RegisterBuild.objects.create(
            election=election,
            trigger=trigger[:100],
            built_at=started,
            snapshot=snapshot.sha256 if snapshot else "",
            first=first,
            inputs=inputs,
        )
        params["build"] = build.pk
        _stage(cursor, params)
        if first:
            cursor.execute(FIRST, params)
        else:
            cursor.execute("DROP TABLE IF EXISTS voters_diff")
            for statement in (*DIFF, CHANGES, *APPLY):
                cursor.execute(statement, params)
            cursor.execute("DROP TABLE voters_diff")
        for statement in COUNTS:
            cursor.execute(statement, params)
        cursor.execute(REASONS, params)
        not_citizen, deceased, under_age, not_biometric, eligible = (
            int(n or 0) for n in cursor.fetchone()
        )
        cursor.execute("SELECT COUNT(*) FROM voters_stage")
        build.voters = int(cursor.fetchone()[0])
        cursor.execute("DROP TABLE voters_stage")
        counts = {
            Reason.NOT_CITIZEN: not_citizen,
            Reason.DECEASED: deceased,
            Reason.UNDER_AGE: under_age,
            Reason.NOT_BIOMETRIC: not_biometric,
            Reason.NO_STATION: eligible - build.voters,
        }
        Exclusion.objects.filter(election=election).delete()
        Exclusion.objects.bulk_create(
            Exclusion(election=election, reason=reason, count=count)
            for reason, count in counts.items()
        )
        for change in ("added", "removed", "moved"):
            setattr(build, change, build.changes.filter(change=change).count())
        if first:
            build.added = build.voters
        build.seconds = round(time.perf_counter() - clock, 3)
        build.save()
        audit_record(
            "voters.register_built",
            actor=trigger[:100] or "voter register",
            object_type="election",
            object_id=election.code,
            data={
                "voters": build.voters,
                "added": build.added,
                "removed": build.removed,
                "moved": build.moved,
                "snapshot": build.snapshot,
            },
        )
    return build
