"""The ownership closure of the founders register, kept beside it.

For every entity with founders, a recursive query follows its founders through every chain of
Kyrgyz companies (up to `MAX_DEPTH` links; a chain stops where an entity repeats on its path,
and at a foreign founder, whose whole share is foreign whoever owns it) and records what
screening needs: the effective share held by foreign founders at any depth (and whether
part of it is of unknown size, the register leaving a share on the way empty), the sum of
its direct founders' shares, and whether a chain leads back into itself. It is rebuilt
in the transaction that imports the founders register, so the two never disagree, and
screening then joins one row per donor instead of walking the chains every run.

`chain_ctes(roots)` gives the same walk for a few entities, for the evidence of a finding:
each chain with the share at every link.
"""

from __future__ import annotations

from django.db import connection

MAX_DEPTH = 30


def _on_path() -> str:
    """Whether the founder `f` already stands on the chain's path."""
    needle = "',' || f.founder_id || ':'"
    if connection.vendor == "postgresql":
        return f"(position({needle} in chain.path) > 0)"
    return f"(instr(chain.path, {needle}) > 0)"


# Shares are divided by 100.0, not 100: SQLite keeps a whole share as an integer, and an
# integer division would make 1% of 1% nothing (a property test found it).
def chain_ctes(roots: str) -> str:
    """CTEs `chain` (every path from a root through entity founders, with its effective
    share) and `foreign_founders` (each foreign founder at the end of a path), starting from
    the entities the SQL `roots` selects (one column, `inn`)."""
    on_path = _on_path()
    return f"""
roots AS ({roots}),
chain(root, inn, path, depth, share) AS (
  SELECT CAST(inn AS TEXT), CAST(inn AS TEXT), CAST(',' || inn || ':100,' AS TEXT), 0,
         CAST(100 AS NUMERIC)
  FROM roots
  UNION ALL
  SELECT chain.root, CAST(f.founder_id AS TEXT),
         CAST(chain.path || f.founder_id || ':' || COALESCE(CAST(f.share AS TEXT), '?') || ','
              AS TEXT),
         chain.depth + 1, chain.share * f.share / 100.0
  FROM chain JOIN registers_founder f ON f.entity_inn = chain.inn
  WHERE f.founder_kind = 'entity' AND f.country IN ('KGZ', '') AND chain.depth < {MAX_DEPTH}
    AND NOT {on_path}
),
foreign_founders AS (
  SELECT chain.root, chain.path, f.founder_kind, f.founder_id, f.founder_name, f.country,
         f.share, chain.share * f.share / 100.0 AS effective
  FROM chain JOIN registers_founder f ON f.entity_inn = chain.inn
  WHERE f.country NOT IN ('KGZ', '')
)"""  # noqa: S608 - our own SQL and placeholders; values go in the parameters


REBUILD = """
INSERT INTO registers_ownership
  (inn, foreign_share, foreign_share_unknown, founders_total, cycle)
WITH RECURSIVE {chains},
foreign_share AS (
  SELECT root, SUM(effective) AS share,
         MAX(CASE WHEN effective IS NULL THEN 1 ELSE 0 END) AS unknown
  FROM foreign_founders GROUP BY root
),
cycles AS (
  SELECT DISTINCT chain.root FROM chain JOIN registers_founder f ON f.entity_inn = chain.inn
  WHERE f.founder_kind = 'entity' AND {on_path}
),
direct AS (SELECT entity_inn AS inn, SUM(share) AS total FROM registers_founder GROUP BY entity_inn)
SELECT roots.inn, fs.share, COALESCE(fs.unknown, 0) = 1, direct.total,
       CASE WHEN cycles.root IS NULL THEN 0 ELSE 1 END = 1
FROM roots
JOIN direct ON direct.inn = roots.inn
LEFT JOIN foreign_share fs ON fs.root = roots.inn
LEFT JOIN cycles ON cycles.root = roots.inn
"""


def ownership_rebuild() -> int:
    """Replace the closure with one computed from the founders register as it stands now
    (in the caller's transaction); return the number of entities it covers."""
    chains = chain_ctes("SELECT DISTINCT entity_inn AS inn FROM registers_founder")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registers_ownership")
        cursor.execute(REBUILD.format(chains=chains, on_path=_on_path()))
        rows = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE registers_ownership")
    return int(rows)
