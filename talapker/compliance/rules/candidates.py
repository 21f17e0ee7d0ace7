"""Candidates and party lists against the law (rules.md, "Candidate and list rules"): each
candidate known to the population register under the name filed, alive, a citizen of the
Kyrgyz Republic alone, of age, resident long enough, educated and certified as the election
requires, without a disqualifying conviction, on one list only; each list within its length
and its shares of one sex and of the young.

One pass: every candidate of the election joined to the person the register holds for the
PIN, the highest diploma, whether a language certificate exists, and the convictions. The
list rules need every row anyway, and an election's lists are a few thousand rows at most
(20 lists of 54 in 2021), so the rows are read whole and judged here; the registers are
probed by PIN through their indexes, never scanned.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from talapker.compliance.registry import Hit, Scope, family, rule
from talapker.compliance.sql import fetch
from talapker.core.identifiers import is_pin
from talapker.elections.parameters import EDUCATION_LEVELS

CANDIDATE = "CL Art. 59"  # who may stand (age, citizenship, education, record)
LIST = "CL Art. 60"  # how a party's list is made up

rule(
    "CANDIDATE_PIN_UNKNOWN", "violation", _("Candidate's PIN is not in the population register"),
    _("Position %(line)s: the PIN filed for %(candidate)s is not in the population register."),
    CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_NAME_MISMATCH", "warning", _("Candidate's name does not match the register"),
    _("Position %(line)s: the name filed, %(filed_name)s, scores %(score)s of 100 against the "
      "register's %(register_name)s (at least %(threshold)s is needed)."), CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_DECEASED", "violation", _("The register records the candidate's death"),
    _("Position %(line)s: the population register records the death of %(candidate)s."),
    CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_NOT_CITIZEN", "violation", _("Candidate is not a citizen of the Kyrgyz Republic"),
    _("Position %(line)s: the population register does not record %(candidate)s as a citizen "
      "of the Kyrgyz Republic (citizenship: %(citizenship)s)."), CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_OTHER_CITIZENSHIP", "violation", _("Candidate holds another citizenship"),
    _("Position %(line)s: %(candidate)s holds another citizenship besides that of the Kyrgyz "
      "Republic (%(citizenship)s)."), CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_AGE", "violation", _("Candidate's age is outside the law's limits"),
    _("Position %(line)s: %(candidate)s is %(age)s on election day, %(election_day)s; this "
      "election allows candidates aged %(allowed)s."), CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_RESIDENCE", "violation", _("Candidate's residence is too short"),
    _("Position %(line)s: %(candidate)s has lived permanently in the Kyrgyz Republic for "
      "%(years)s full years on election day (since %(residence_since)s); %(required_years)s "
      "are required."), CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_EDUCATION", "violation", _("Candidate lacks the education required"),
    _("Position %(line)s: the register of diplomas holds none of %(candidate)s at the level "
      "required (%(required_education)s); the highest it holds: %(highest_education)s."),
    CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_LANGUAGE", "violation", _("Candidate has no state-language certificate"),
    _("Position %(line)s: the register of state-language certificates holds none for "
      "%(candidate)s, and this election requires one."), CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_CONVICTION", "violation", _("Candidate has a disqualifying conviction"),
    _("Position %(line)s: the register of convictions holds %(count)s conviction(s) of "
      "%(candidate)s that bar candidacy in this election (the first: article %(article)s, "
      "%(conviction_date)s)."), CANDIDATE,
)  # fmt: skip
rule(
    "CANDIDATE_ON_TWO_LISTS", "violation", _("Candidate stands on more than one list"),
    _("Position %(line)s: the PIN of %(candidate)s also stands on %(other_lists)s other "
      "list(s) of this election; a person may stand on one list only."), LIST,
)  # fmt: skip
rule(
    "LIST_TOO_LONG", "violation", _("Party list is too long"),
    _("The list holds %(candidates)s candidates; at most %(max_candidates)s are allowed."),
    LIST,
)  # fmt: skip
rule(
    "LIST_SEX_SHARE", "violation", _("One sex makes up too much of the list"),
    _("Of the list's %(candidates)s candidates, %(men)s are men and %(women)s women: "
      "%(sex_share)s%% of one sex, where at most %(max_sex_share)s%% is allowed."), LIST,
)  # fmt: skip
rule(
    "LIST_YOUNG_SHARE", "warning", _("Too few young candidates on the list"),
    _("Of the list's %(candidates)s candidates, %(young)s are younger than %(young_age)s on "
      "election day: %(young_share)s%%, where at least %(min_young_share)s%% is required."),
    LIST,
)  # fmt: skip

SQL = """
SELECT f.id AS fund_id, pa.code AS party, c.position, c.pin, c.person_ref, c.surname, c.name,
       c.patronymic,
       c.name_key, c.birth_date AS filed_birth_date, c.sex,
       p.pin AS register_pin, p.name_key AS register_key, p.surname AS register_surname,
       p.name AS register_name, p.patronymic AS register_patronymic, p.birth_date,
       p.death_date, p.holds_kgz, p.citizenship_count, p.citizenship, p.residence_since,
       (SELECT MAX(CASE d.level WHEN 'secondary' THEN 1 WHEN 'vocational' THEN 2
                                WHEN 'higher' THEN 3 ELSE 0 END)
        FROM registers_diploma d WHERE d.pin = c.pin AND d.issued <= %(day)s) AS education,
       EXISTS (SELECT 1 FROM registers_languagecertificate l
               WHERE l.pin = c.pin AND l.issued <= %(day)s) AS certified
FROM candidates_candidate c
JOIN parties_party pa ON pa.id = c.party_id
JOIN funds_fund f ON f.party_id = pa.id
LEFT JOIN registers_person p ON p.pin = c.pin
WHERE pa.election_id = %(election)s
ORDER BY pa.code, c.position
"""
CONVICTIONS = """
SELECT cv.pin, cv.article, cv.conviction_date, cv.expunged
FROM registers_conviction cv
WHERE cv.conviction_date <= %(day)s AND cv.pin IN (SELECT c.pin FROM candidates_candidate c
                 JOIN parties_party pa ON pa.id = c.party_id
                 WHERE pa.election_id = %(election)s)
ORDER BY cv.pin, cv.conviction_date
"""


@family("candidates")
def find(scope: Scope) -> Iterator[Hit]:
    if not scope.persist:  # a draft report is money, not a list
        return
    # A diploma, a certificate or a conviction dated after election day does not count.
    params: dict[str, Any] = {"election": scope.election.pk, "day": scope.election.election_day}
    rows = fetch(SQL, params)
    convictions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in fetch(CONVICTIONS, params):
        convictions[row["pin"]].append(row)
    lists: dict[str, set[str]] = defaultdict(set)  # a well-formed PIN: the lists it stands on
    for row in rows:
        if is_pin(row["pin"]):
            lists[row["pin"]].add(row["party"])
    judge = _Judge(scope, convictions, lists)
    in_scope = set(scope.fund_ids)
    by_list: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["fund_id"] in in_scope:
            by_list[row["fund_id"]].append(row)
            yield from judge.candidate(row)
    for fund_id, members in by_list.items():
        yield from judge.party_list(fund_id, members)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def full_years(since: dt.date, day: dt.date) -> int:
    """Whole years from `since` to `day`: an anniversary on `day` counts as reached."""
    return day.year - since.year - ((day.month, day.day) < (since.month, since.day))


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


class _Judge:
    """The election's parameters, read once, applied row by row."""

    def __init__(
        self,
        scope: Scope,
        convictions: dict[str, list[dict[str, Any]]],
        lists: dict[str, set[str]],
    ) -> None:
        self.day = scope.election.election_day
        self.p = scope.param
        self.convictions = convictions
        self.lists = lists
        self.required = EDUCATION_LEVELS.index(self.p("candidate_education"))
        self.expunged_count = bool(self.p("expunged_convictions_disqualify"))

    def candidate(self, row: dict[str, Any]) -> Iterator[Hit]:
        candidate = " ".join(x for x in (row["surname"], row["name"], row["patronymic"]) if x)

        def hit(code: str, **evidence: Any) -> Hit:
            facts = {"pin": row["pin"], "candidate": candidate}
            # The finding is the person's at this place: another person the party puts here
            # later is another finding, with its own review.
            return Hit(code, row["fund_id"], "candidate", str(row["position"]), None,
                       {**facts, **evidence}, key_extra=row["person_ref"])  # fmt: skip

        others = self.lists.get(row["pin"], set()) - {row["party"]}
        if others:
            yield hit("CANDIDATE_ON_TWO_LISTS", other_lists=len(others), parties=sorted(others))
        if row["register_pin"] is None:
            yield hit("CANDIDATE_PIN_UNKNOWN", well_formed=is_pin(row["pin"]))
            return
        yield from self._person(row, hit)
        yield from self._records(row, hit)

    def _person(self, row: dict[str, Any], hit: Any) -> Iterator[Hit]:
        if row["register_key"] != row["name_key"]:
            score = round(fuzz.token_sort_ratio(row["name_key"], row["register_key"]))
            threshold = self.p("name_match_min_score")
            if score < threshold:
                names = (row["register_surname"], row["register_name"], row["register_patronymic"])
                yield hit(
                    "CANDIDATE_NAME_MISMATCH", score=score, threshold=threshold,
                    filed_name=" ".join(x for x in (row["surname"], row["name"],
                                                    row["patronymic"]) if x),
                    register_name=" ".join(x for x in names if x),
                )  # fmt: skip
        if row["death_date"] is not None:
            yield hit("CANDIDATE_DECEASED", death_date=str(_date(row["death_date"])))
        citizenship = row["citizenship"] or "—"
        if not row["holds_kgz"]:
            yield hit("CANDIDATE_NOT_CITIZEN", citizenship=citizenship)
        elif row["citizenship_count"] > 1:
            yield hit("CANDIDATE_OTHER_CITIZENSHIP", citizenship=citizenship)
        born = _date(row["birth_date"])
        assert born is not None  # the register requires it
        age = full_years(born, self.day)
        least, most = self.p("candidate_min_age"), self.p("candidate_max_age")
        if age < least or (most is not None and age > most):
            allowed = f"{least}–{most}" if most is not None else f"{least}+"
            yield hit(
                "CANDIDATE_AGE", age=age, birth_date=str(born), allowed=allowed,
                election_day=str(self.day), min_age=least, max_age=most,
            )  # fmt: skip
        years_needed = self.p("candidate_residence_years")
        if years_needed is not None:
            since = _date(row["residence_since"])
            years = full_years(since, self.day) if since else 0
            if years < years_needed:
                yield hit(
                    "CANDIDATE_RESIDENCE", years=years, required_years=years_needed,
                    residence_since=str(since) if since else "—",
                )  # fmt: skip

    def _records(self, row: dict[str, Any], hit: Any) -> Iterator[Hit]:
        highest = int(row["education"] or 0)
        if highest < self.required:
            yield hit(
                "CANDIDATE_EDUCATION", required_education=EDUCATION_LEVELS[self.required],
                highest_education=EDUCATION_LEVELS[highest],
            )  # fmt: skip
        if self.p("candidate_language_certificate") and not row["certified"]:
            yield hit("CANDIDATE_LANGUAGE")
        held = self.convictions.get(row["pin"], [])
        barring = [c for c in held if self.expunged_count or not c["expunged"]]
        if barring:
            first = barring[0]
            yield hit(
                "CANDIDATE_CONVICTION", count=len(barring), article=first["article"],
                conviction_date=str(_date(first["conviction_date"])),
                convictions=[
                    {"article": c["article"], "date": str(_date(c["conviction_date"])),
                     "expunged": bool(c["expunged"])}
                    for c in barring
                ],
                expunged_disqualify=self.expunged_count,
            )  # fmt: skip

    def _age(self, row: dict[str, Any]) -> int:
        """Age on election day by the register's birth date, or the one filed for a PIN
        the register does not know."""
        born = _date(row["birth_date"] or row["filed_birth_date"])
        assert born is not None  # both are required
        return full_years(born, self.day)

    def party_list(self, fund_id: int, members: list[dict[str, Any]]) -> Iterator[Hit]:
        n = len(members)

        def hit(code: str, **evidence: Any) -> Hit:
            return Hit(code, fund_id, "candidate", "", None,
                       {"candidates": n, **evidence})  # fmt: skip

        if n > self.p("list_max_candidates"):
            yield hit("LIST_TOO_LONG", max_candidates=self.p("list_max_candidates"))
        sexes = Counter(m["sex"] for m in members)
        men, women = sexes["M"], sexes["F"]
        most = Decimal(str(self.p("list_max_sex_percent")))
        if Decimal(100) * max(men, women) > most * n:  # exactly: 70% of a list may be one sex
            yield hit(
                "LIST_SEX_SHARE", men=men, women=women,
                sex_share=str(_percent(max(men, women), n)), max_sex_share=str(most),
            )  # fmt: skip
        young_age = self.p("list_young_age")
        young = sum(1 for m in members if self._age(m) < young_age)
        # Compared exactly (15% of 54 is 8.1: eight young candidates are too few).
        least = Decimal(str(self.p("list_min_young_percent")))
        if Decimal(100) * young < least * n:
            yield hit(
                "LIST_YOUNG_SHARE", young=young, young_age=young_age,
                young_share=str(_percent(young, n)), min_young_share=str(least),
            )  # fmt: skip
