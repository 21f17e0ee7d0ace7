"""A reference for the screening benchmark: the exact-match contribution rules written again in
DuckDB over the generated CSV files (registers and final reports), independent of Talapker's
database and code. Its findings must equal Talapker's for the same rules before any time
counts; its time is the yardstick for the set-based screen.

Needs the benchmark dependency group: `uv sync --group bench` (duckdb).
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from typing import Any

RULES = (
    "DONOR_UNIDENTIFIED", "DONOR_PIN_UNKNOWN", "DONOR_DECEASED", "DONOR_FOREIGN_CITIZEN",
    "DONOR_DUAL_CITIZEN", "DONOR_STATELESS", "ENTITY_INN_UNKNOWN", "ENTITY_FOREIGN",
    "ENTITY_STATE_OWNED", "ENTITY_STATE_SHARE", "ENTITY_PROHIBITED_FORM", "ENTITY_TAX_DEBT",
    "ENTITY_RECENTLY_REGISTERED", "ENTITY_LIQUIDATED", "DONOR_CAP_EXCEEDED", "OUTSIDE_CAMPAIGN",
    "FUND_CAP_EXCEEDED",
)  # fmt: skip
PIN = r"[012][0-3]\d[01]\d[12]\d{3}\d{5}"

LOAD = """
CREATE TABLE person AS SELECT * FROM read_csv('{reg}/population.csv', all_varchar=true);
CREATE TABLE entity AS SELECT * FROM read_csv('{reg}/legal_entities.csv', all_varchar=true);
CREATE TABLE debt AS SELECT inn, MIN(CAST(as_of AS DATE)) AS since
  FROM read_csv('{reg}/tax_debtors.csv', all_varchar=true) GROUP BY inn;
CREATE TABLE c AS SELECT
  regexp_extract(filename, 'reports/([^/]+)/final', 1) AS fund, CAST(line AS INTEGER) AS line,
  CAST(date AS DATE) AS d, donor_kind, coalesce(donor_id, '') AS donor_id,
  CAST(round(CAST(amount AS DECIMAL(18, 2)) * 100) AS BIGINT) AS cents
  FROM read_csv('{root}/reports/*/final/contributions.csv', all_varchar=true, filename=true);
"""

QUERY = """
WITH people AS (
  SELECT c.*, p.pin, p.death_date, coalesce(p.citizenship, '') AS cit
  FROM c LEFT JOIN person p ON p.pin = c.donor_id
  WHERE c.donor_kind IN ('individual', 'candidate_own')
),
firms AS (
  SELECT c.*, e.inn, e.country, e.legal_form, CAST(e.state_share AS DECIMAL(9, 2)) AS share,
         CAST(e.registration_date AS DATE) AS registered,
         CAST(nullif(e.liquidation_date, '') AS DATE) AS liquidated, debt.since
  FROM c LEFT JOIN entity e ON e.inn = c.donor_id LEFT JOIN debt ON debt.inn = c.donor_id
  WHERE c.donor_kind = 'legal_entity'
),
running AS (
  SELECT *, SUM(cents) OVER (PARTITION BY fund, donor_kind, donor_id ORDER BY d, line
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total,
         CASE donor_kind WHEN 'individual' THEN {ind} ELSE {ent} END AS cap
  FROM c WHERE donor_kind IN ('individual', 'legal_entity') AND donor_id <> ''
)
SELECT 'DONOR_UNIDENTIFIED' AS rule, fund, line FROM people
  WHERE NOT regexp_full_match(donor_id, '{pin}')
UNION ALL SELECT 'DONOR_UNIDENTIFIED', fund, line FROM firms
  WHERE NOT regexp_full_match(donor_id, '[0-9]{{14}}')
UNION ALL SELECT 'DONOR_PIN_UNKNOWN', fund, line FROM people
  WHERE regexp_full_match(donor_id, '{pin}') AND pin IS NULL
UNION ALL SELECT 'DONOR_DECEASED', fund, line FROM people
  WHERE pin IS NOT NULL AND CAST(nullif(death_date, '') AS DATE) < d
UNION ALL SELECT 'DONOR_STATELESS', fund, line FROM people WHERE pin IS NOT NULL AND cit = ''
UNION ALL SELECT 'DONOR_FOREIGN_CITIZEN', fund, line FROM people
  WHERE pin IS NOT NULL AND cit <> '' AND NOT list_contains(string_split(cit, ';'), 'KGZ')
UNION ALL SELECT 'DONOR_DUAL_CITIZEN', fund, line FROM people
  WHERE pin IS NOT NULL AND list_contains(string_split(cit, ';'), 'KGZ')
    AND len(string_split(cit, ';')) > 1
UNION ALL SELECT 'ENTITY_INN_UNKNOWN', fund, line FROM firms
  WHERE regexp_full_match(donor_id, '[0-9]{{14}}') AND inn IS NULL
UNION ALL SELECT 'ENTITY_FOREIGN', fund, line FROM firms
  WHERE inn IS NOT NULL
    AND (country <> 'KGZ' OR legal_form IN ('foreign_branch', 'foreign_rep_office'))
UNION ALL SELECT 'ENTITY_STATE_OWNED', fund, line FROM firms
  WHERE inn IS NOT NULL
    AND (legal_form IN ('state_body', 'state_enterprise', 'municipal_enterprise') OR share = 100)
UNION ALL SELECT 'ENTITY_STATE_SHARE', fund, line FROM firms
  WHERE inn IS NOT NULL AND share > 0 AND share < 100
    AND legal_form NOT IN ('state_body', 'state_enterprise', 'municipal_enterprise')
UNION ALL SELECT 'ENTITY_PROHIBITED_FORM', fund, line FROM firms
  WHERE inn IS NOT NULL AND legal_form IN ('religious', 'foundation', 'international')
UNION ALL SELECT 'ENTITY_TAX_DEBT', fund, line FROM firms WHERE inn IS NOT NULL AND since <= d
UNION ALL SELECT 'ENTITY_RECENTLY_REGISTERED', fund, line FROM firms
  WHERE inn IS NOT NULL AND registered > d - INTERVAL {recent} DAY
UNION ALL SELECT 'ENTITY_LIQUIDATED', fund, line FROM firms
  WHERE inn IS NOT NULL AND liquidated <= d
UNION ALL SELECT 'DONOR_CAP_EXCEEDED', fund, line FROM running
  WHERE total > cap AND total - cents <= cap
UNION ALL SELECT 'OUTSIDE_CAMPAIGN', fund, line FROM c
  WHERE d < DATE '{start}' OR d > DATE '{end}'
UNION ALL SELECT 'FUND_CAP_EXCEEDED', fund, NULL FROM c GROUP BY fund HAVING SUM(cents) > {fund_cap}
"""


def reference(root: Path, election: Any) -> tuple[set[tuple[str, str, str]], float, float]:
    """(findings as (rule, fund, line), seconds to load the CSVs, seconds for the rules)."""
    import duckdb

    rules = election.rules
    index = Decimal(rules["calculated_index_kgs"])

    def cap(key: str) -> int:
        return int(Decimal(rules[key]) * index * 100)

    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(LOAD.format(reg=root / "registers", root=root))
    loaded = time.perf_counter() - started
    sql = QUERY.format(
        pin=PIN,
        ind=cap("individual_cap_ci"),
        ent=cap("legal_entity_cap_ci"),
        fund_cap=cap("fund_cap_ci"),
        recent=int(rules["recent_entity_days"]),
        start=election.campaign_start.isoformat(),
        end=election.election_day.isoformat(),
    )
    started = time.perf_counter()
    rows = con.execute(sql).fetchall()
    ran = time.perf_counter() - started
    found = {(rule, fund, "" if line is None else str(line)) for rule, fund, line in rows}
    return found, loaded, ran
