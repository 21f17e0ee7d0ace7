"""Donors who are people (`individual`, and a candidate's own money): identified, known to the
population register, under the name filed, alive, of age and a citizen of the Kyrgyz Republic
alone (rules.md, contribution rules). One pass: the contributions joined to the register,
keeping only the rows where something is off; the name score is computed for those rows
only, and only where the name keys differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.compliance.rules.common import day, som
from talapker.compliance.sql import contributions_cte, fetch, in_list, minus_years

ART = "CL Art. 41(3)"
rule(
    "DONOR_UNIDENTIFIED", "violation", _("Anonymous or unidentifiable donor"),
    _("Line %(line)s: the donor %(donor_name)s has no valid PIN or INN. Anonymous money "
      "may not be accepted."), "CL Art. 41(3)",
)  # fmt: skip
rule(
    "DONOR_PIN_UNKNOWN", "violation", _("Donor's PIN is not in the population register"),
    _("Line %(line)s: the PIN given for %(donor_name)s is not in the population register."),
    ART,
)  # fmt: skip
rule(
    "DONOR_PIN_INCONSISTENT", "warning", _("Donor's PIN disagrees with the register"),
    _("Line %(line)s: the birth date or sex encoded in the PIN given for %(donor_name)s "
      "disagrees with the population register."), ART,
)  # fmt: skip
rule(
    "DONOR_NAME_MISMATCH", "warning", _("Donor's name does not match the register"),
    _("Line %(line)s: the name filed, %(filed_name)s, scores %(score)s of 100 against the "
      "register's %(register_name)s (at least %(threshold)s is needed)."), ART,
)  # fmt: skip
rule(
    "DONOR_DECEASED", "violation", _("Donation dated after the donor's death"),
    _("Line %(line)s: the donation is dated %(date)s, after the donor's death recorded in "
      "the population register."), ART,
)  # fmt: skip
rule(
    "DONOR_MINOR", "warning", _("Donor under the minimum age"),
    _("Line %(line)s: the donor was younger than %(min_age)s on %(date)s: a possible straw "
      "donor."), ART,
)  # fmt: skip
rule(
    "DONOR_FOREIGN_CITIZEN", "violation", _("Foreign citizen as donor"),
    _("Line %(line)s: the donor's citizenship is %(citizenship)s, not Kyrgyz. Foreign "
      "citizens may not give to an election fund."), ART,
)  # fmt: skip
rule(
    "DONOR_DUAL_CITIZEN", "warning", _("Donor with a second citizenship"),
    _("Line %(line)s: the donor holds Kyrgyz and another citizenship (%(citizenship)s)."), ART,
)  # fmt: skip
rule(
    "DONOR_STATELESS", "violation", _("Stateless donor"),
    _("Line %(line)s: the register records no citizenship for the donor."), ART,
)  # fmt: skip

# The register is joined through the distinct PINs the scope's donors gave: those are looked
# up in the register (index probes, or one scan of it when they are many), and the
# contributions then join that small set. Joined directly, PostgreSQL 15 (no parallel right
# join) would hash all 7 million people.
SQL = """
WITH {c}
SELECT c.fund_id, c.line, c.cents, c.date, c.donor_id, c.donor_name, c.donor_key,
       c.donor_id_ok, p.pin, p.pin_consistent, p.name_key AS register_key, p.surname,
       p.name, p.patronymic, p.birth_date, p.death_date, p.holds_kgz, p.citizenship_count,
       p.citizenship,
       CASE WHEN p.birth_date > {adult} THEN 1 ELSE 0 END AS minor
FROM c LEFT JOIN (
  SELECT p.* FROM registers_person p
  JOIN (
    SELECT DISTINCT donor_id FROM filings_contribution
    WHERE version_id IN {versions} AND donor_kind IN ('individual', 'candidate_own')
      AND donor_id_ok
  ) given ON given.donor_id = p.pin
) p ON p.pin = c.donor_id AND c.donor_id_ok
WHERE c.donor_kind IN ('individual', 'candidate_own')
  AND (NOT c.donor_id_ok OR p.pin IS NULL OR NOT p.pin_consistent
       OR p.name_key <> c.donor_key OR p.death_date < c.date OR p.birth_date > {adult}
       OR NOT p.holds_kgz OR p.citizenship_count <> 1)
"""


@family("people")
def find(scope: Scope) -> Iterator[Hit]:
    params: dict[str, Any] = {"min_age": scope.param("donor_min_age")}
    sql = SQL.format(
        c=contributions_cte(scope, params),
        adult=minus_years("c.date", "%(min_age)s"),
        versions=in_list("g", scope.version_ids, params),
    )
    threshold = scope.param("name_match_min_score")
    for row in fetch(sql, params):
        yield from _hits(row, threshold, params["min_age"])


def _hits(row: dict[str, Any], threshold: int, min_age: int) -> Iterator[Hit]:
    def hit(code: str, **evidence: Any) -> Hit:
        facts = {"pin": row["donor_id"], "donor_name": row["donor_name"], **evidence}
        return Hit(code, row["fund_id"], "contribution", str(row["line"]), som(row["cents"]), facts)

    if not row["donor_id_ok"]:
        yield hit("DONOR_UNIDENTIFIED", donor_id=row["donor_id"] or "—")
        return
    if row["pin"] is None:
        yield hit("DONOR_PIN_UNKNOWN")
        return
    if not row["pin_consistent"]:
        yield hit("DONOR_PIN_INCONSISTENT", birth_date=day(row["birth_date"]))
    if row["register_key"] != row["donor_key"]:
        score = round(fuzz.token_sort_ratio(row["donor_key"], row["register_key"]))
        if score < threshold:
            register = " ".join(x for x in (row["surname"], row["name"], row["patronymic"]) if x)
            yield hit(
                "DONOR_NAME_MISMATCH", filed_name=row["donor_name"], register_name=register,
                score=score, threshold=threshold,
            )  # fmt: skip
    if row["death_date"] is not None and day(row["death_date"]) < day(row["date"]):
        yield hit("DONOR_DECEASED", date=day(row["date"]), death_date=day(row["death_date"]))
    if row["minor"]:
        yield hit(
            "DONOR_MINOR", birth_date=day(row["birth_date"]), date=day(row["date"]),
            min_age=min_age,
        )  # fmt: skip
    citizenship = row["citizenship"] or ""
    if row["citizenship_count"] == 0:
        yield hit("DONOR_STATELESS", citizenship="")
    elif not row["holds_kgz"]:
        yield hit("DONOR_FOREIGN_CITIZEN", citizenship=citizenship)
    elif row["citizenship_count"] > 1:
        yield hit("DONOR_DUAL_CITIZEN", citizenship=citizenship)
