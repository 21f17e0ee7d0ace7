"""A plain reading of rules.md over the generated files, independent of the generator.

It reads only what ``talapker generate`` wrote (election.json, registers, reports,
statements, candidate lists) and applies the contribution, bank-reconciliation, candidate
and list rules as written, with the readings the generator documents (a foreign entity is
not also flagged for participation; a wholly state-owned one not also for a state share; a
refund names the contribution's line; a candidate whose PIN the register lacks is flagged
for nothing else; the list rules count every row of a list).
The tests compare its findings with ``planted.json``: planted.json must be the whole truth.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from talapker.core.identifiers import is_inn, is_pin, pin_consistent
from talapker.core.names import name_key, name_similarity

FOREIGN_FORMS = ("foreign_branch", "foreign_rep_office")
STATE_FORMS = ("state_body", "state_enterprise", "municipal_enterprise")
PROHIBITED_FORMS = ("religious", "foundation", "international")
PROHIBITED = {
    "DONOR_UNIDENTIFIED", "DONOR_PIN_UNKNOWN", "DONOR_DECEASED", "DONOR_FOREIGN_CITIZEN",
    "DONOR_STATELESS", "ENTITY_INN_UNKNOWN", "ENTITY_FOREIGN", "ENTITY_FOREIGN_PARTICIPATION",
    "ENTITY_STATE_OWNED", "ENTITY_PROHIBITED_FORM", "ENTITY_TAX_DEBT", "ENTITY_LIQUIDATED",
}  # fmt: skip
Key = tuple[str, str, str, Any]  # rule, fund, source, line


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass
class Registers:
    root: Path
    people: dict[str, dict[str, str]] = field(default_factory=dict)
    entities: dict[str, dict[str, str]] = field(default_factory=dict)
    founders: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    debts: dict[str, date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        reg = self.root / "registers"
        self.people = {r["pin"]: r for r in read_csv(reg / "population.csv")}
        self.entities = {r["inn"]: r for r in read_csv(reg / "legal_entities.csv")}
        for f in read_csv(reg / "founders.csv"):
            self.founders.setdefault(f["entity_inn"], []).append(f)
        for d in read_csv(reg / "tax_debtors.csv"):
            day = date.fromisoformat(d["as_of"])
            self.debts[d["inn"]] = min(day, self.debts.get(d["inn"], day))

    def foreign_participation(self, inn: str) -> bool:
        seen, stack = {inn}, [inn]
        while stack:
            for f in self.founders.get(stack.pop(), []):
                if f["country"] not in ("KGZ", ""):
                    return True
                if f["founder_kind"] == "entity" and f["founder_id"] not in seen:
                    seen.add(f["founder_id"])
                    stack.append(f["founder_id"])
        return False


def person_rules(regs: Registers, row: dict[str, str], on: date, min_score: int) -> set[str]:
    pin = row["donor_id"]
    if not is_pin(pin):
        return {"DONOR_UNIDENTIFIED"}
    p = regs.people.get(pin)
    if p is None:
        return {"DONOR_PIN_UNKNOWN"}
    out = set()
    if not pin_consistent(pin, p["birth_date"], p["sex"]):
        out.add("DONOR_PIN_INCONSISTENT")
    register = " ".join(x for x in (p["surname"], p["name"], p["patronymic"]) if x)
    if name_similarity(row["donor_name"], register) < min_score:
        out.add("DONOR_NAME_MISMATCH")
    if p["death_date"] and date.fromisoformat(p["death_date"]) < on:
        out.add("DONOR_DECEASED")
    if _age(date.fromisoformat(p["birth_date"]), on) < 18:
        out.add("DONOR_MINOR")
    cits = [c for c in p["citizenship"].split(";") if c]
    if not cits:
        out.add("DONOR_STATELESS")
    elif "KGZ" not in cits:
        out.add("DONOR_FOREIGN_CITIZEN")
    elif len(cits) > 1:
        out.add("DONOR_DUAL_CITIZEN")
    return out


def entity_rules(regs: Registers, inn: str, on: date, recent_days: int) -> set[str]:
    if not is_inn(inn):
        return {"DONOR_UNIDENTIFIED"}
    e = regs.entities.get(inn)
    if e is None:
        return {"ENTITY_INN_UNKNOWN"}
    out = set()
    if e["country"] != "KGZ" or e["legal_form"] in FOREIGN_FORMS:
        out.add("ENTITY_FOREIGN")
    elif regs.foreign_participation(inn):
        out.add("ENTITY_FOREIGN_PARTICIPATION")
    if e["legal_form"] in STATE_FORMS or Decimal(e["state_share"]) == 100:
        out.add("ENTITY_STATE_OWNED")
    elif Decimal(e["state_share"]) > 0:
        out.add("ENTITY_STATE_SHARE")
    if e["legal_form"] in PROHIBITED_FORMS:
        out.add("ENTITY_PROHIBITED_FORM")
    if inn in regs.debts and regs.debts[inn] <= on:
        out.add("ENTITY_TAX_DEBT")
    if (on - date.fromisoformat(e["registration_date"])).days < recent_days:
        out.add("ENTITY_RECENTLY_REGISTERED")
    if e["liquidation_date"] and date.fromisoformat(e["liquidation_date"]) <= on:
        out.add("ENTITY_LIQUIDATED")
    return out


@dataclass
class Found:
    """Findings of one fund: (rule, source, line) -> amount."""

    fund: str
    items: dict[tuple[str, str, Any], str] = field(default_factory=dict)

    def add(self, rule: str, source: str, line: Any, amount: Decimal) -> None:
        self.items[(rule, source, line)] = f"{amount:.2f}"


def screen_contributions(
    regs: Registers,
    election: dict[str, Any],
    fund: str,
    given: list[dict[str, str]],
    spent: list[dict[str, str]],
) -> Found:
    rules = election["rules"]
    ci = Decimal(rules["calculated_index_kgs"])
    caps = {
        "individual": ci * rules["individual_cap_ci"],
        "legal_entity": ci * rules["legal_entity_cap_ci"],
    }
    start = date.fromisoformat(election["campaign_start"])
    end = date.fromisoformat(election["election_day"])
    found = Found(fund)
    owed: list[tuple[dict[str, str], Decimal]] = []
    running: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    by_day: dict[tuple[str, str], set[str]] = defaultdict(set)
    first_line: dict[tuple[str, str], int] = {}
    for r in sorted(given, key=lambda r: (r["date"], int(r["line"]))):
        on, line, amount = date.fromisoformat(r["date"]), int(r["line"]), Decimal(r["amount"])
        kind = r["donor_kind"]
        hits: set[str] = set()
        if kind in ("individual", "candidate_own"):
            hits = person_rules(regs, r, on, rules["name_match_min_score"])
        elif kind == "legal_entity":
            hits = entity_rules(regs, r["donor_id"], on, rules["recent_entity_days"])
        if not start <= on <= end:
            hits.add("OUTSIDE_CAMPAIGN")
        for rule in hits:
            found.add(rule, "contribution", line, amount)
        if hits & PROHIBITED:
            owed.append((r, amount))
        if kind in caps:
            key = (kind, r["donor_id"])
            before = running[key]
            running[key] = before + amount
            if before <= caps[kind] < running[key]:
                found.add("DONOR_CAP_EXCEEDED", "contribution", line, amount)
                if not hits & PROHIBITED:
                    owed.append((r, running[key] - caps[kind]))
        if kind == "individual":
            day = (r["date"], r["amount"])
            by_day[day].add(r["donor_id"])
            first_line[day] = min(line, first_line.get(day, line))
    for day, donors in by_day.items():
        if len(donors) >= rules["cluster_min_donors"]:
            found.add("DONOR_CLUSTER", "contribution", first_line[day], Decimal(day[1]))
    refunds = [e for e in spent if e["category"] == "refund"]
    for r, amount in owed:
        limit = date.fromisoformat(r["date"]) + timedelta(days=rules["refund_days"])
        back = sum(
            (Decimal(e["amount"]) for e in refunds
             if e["payee_id"] == r["donor_id"] and r["donor_id"]
             and re.findall(r"\d+", e["description"]) == [r["line"]]
             and date.fromisoformat(e["date"]) <= limit),
            Decimal(0),
        )  # fmt: skip
        if back < amount:
            found.add("PROHIBITED_NOT_REFUNDED", "contribution", int(r["line"]), amount - back)
    for rule, rows, cap in (
        ("FUND_CAP_EXCEEDED", given, rules["fund_cap_ci"]),
        ("SPENDING_CAP_EXCEEDED", spent, rules["spending_cap_ci"]),
    ):
        total = sum((Decimal(x["amount"]) for x in rows), Decimal(0))
        if total > ci * cap:
            found.add(rule, "fund", None, total)
    return found


def reconcile(
    fund: str,
    given: list[dict[str, str]],
    spent: list[dict[str, str]],
    bank: list[dict[str, str]],
    days: int,
) -> Found:
    """Match a final report against its statement (rules.md, bank reconciliation)."""
    found = Found(fund)
    by_ref = {b["reference"]: b for b in bank}
    used: set[str] = set()
    loose: list[tuple[str, dict[str, str], int]] = []
    for source, rows, sign in (("contribution", given, 1), ("expenditure", spent, -1)):
        for r in rows:
            if r["method"] == "bank" and r["bank_ref"] in by_ref:
                b = by_ref[r["bank_ref"]]
                used.add(b["reference"])
                if Decimal(b["amount"]) != sign * Decimal(r["amount"]):
                    found.add("BANK_AMOUNT_MISMATCH", source, int(r["line"]), Decimal(r["amount"]))
            elif r["method"] in ("bank", "cash"):
                loose.append((source, r, sign))
    by_party: dict[tuple[str, Decimal], list[dict[str, str]]] = defaultdict(list)
    for b in bank:
        by_party[(b["counterparty_id"], Decimal(b["amount"]))].append(b)
    for source, r, sign in sorted(loose, key=lambda t: (t[1]["date"], int(t[1]["line"]))):
        on, party = date.fromisoformat(r["date"]), r[source_id(source)]

        def gap(b: dict[str, str], on: date = on) -> int:
            return abs((date.fromisoformat(b["booking_date"]) - on).days)

        options = [
            b for b in by_party.get((party, sign * Decimal(r["amount"])), [])
            if party and b["reference"] not in used and gap(b) <= days
        ]  # fmt: skip
        if options:
            used.add(min(options, key=gap)["reference"])
        elif r["method"] == "bank":
            found.add("DECLARED_NOT_IN_BANK", source, int(r["line"]), Decimal(r["amount"]))
    for b in bank:
        if b["reference"] not in used:
            amount = Decimal(b["amount"])
            rule = "BANK_UNDECLARED_CREDIT" if amount > 0 else "BANK_UNDECLARED_DEBIT"
            found.add(rule, "bank", b["reference"], abs(amount))
    return found


def source_id(source: str) -> str:
    return "donor_id" if source == "contribution" else "payee_id"


def screen(root: Path) -> dict[str, Found]:
    """Every fund's findings, contribution rules and reconciliation together."""
    election = json.loads((root / "election/election.json").read_text(encoding="utf-8"))
    regs = Registers(root)
    out = {}
    for folder in sorted((root / "reports").iterdir()):
        fund = folder.name
        given = read_csv(folder / "final/contributions.csv")
        spent = read_csv(folder / "final/expenditures.csv")
        bank = read_csv(root / "statements" / f"{fund}.csv")
        found = screen_contributions(regs, election, fund, given, spent)
        found.items |= reconcile(
            fund, given, spent, bank, election["rules"]["bank_match_days"]
        ).items
        out[fund] = found
    return out


#: rules.md defaults for the keys an election.json may omit (the loader fills them in)
CANDIDATE_DEFAULTS: dict[str, Any] = {
    "candidate_min_age": 25, "candidate_max_age": None, "candidate_residence_years": None,
    "candidate_education": "higher", "candidate_language_certificate": False,
    "expunged_convictions_disqualify": False, "name_match_min_score": 85,
    "list_max_candidates": 54, "list_max_sex_percent": "70", "list_min_young_percent": "15",
    "list_young_age": 35,
}  # fmt: skip
EDUCATION = ("none", "secondary", "vocational", "higher")
CandidateKey = tuple[str, str, str, str]  # rule, fund (party), source, str(line)


def _candidate_rules(
    rules: dict[str, Any], day: date, row: dict[str, str], p: dict[str, str], extras: Any
) -> set[str]:
    """The candidate rules a register row breaks (the PIN is in the register)."""
    diplomas, convictions, certificates = extras
    out = set()
    filed = name_key(row["surname"], row["name"], row["patronymic"])
    held = name_key(p["surname"], p["name"], p["patronymic"])
    if filed != held and fuzz.token_sort_ratio(filed, held) < rules["name_match_min_score"]:
        out.add("CANDIDATE_NAME_MISMATCH")
    if p["death_date"]:
        out.add("CANDIDATE_DECEASED")
    cits = [c for c in p["citizenship"].split(";") if c]
    if "KGZ" not in cits:
        out.add("CANDIDATE_NOT_CITIZEN")
    elif len(cits) > 1:
        out.add("CANDIDATE_OTHER_CITIZENSHIP")
    age = _age(date.fromisoformat(p["birth_date"]), day)
    oldest = rules["candidate_max_age"]
    if age < rules["candidate_min_age"] or (oldest is not None and age > oldest):
        out.add("CANDIDATE_AGE")
    years = rules["candidate_residence_years"]
    if years is not None and _age(date.fromisoformat(p["residence_since"]), day) < years:
        out.add("CANDIDATE_RESIDENCE")
    least = EDUCATION.index(rules["candidate_education"])
    if least and not any(EDUCATION.index(level) >= least for level in diplomas[row["pin"]]):
        out.add("CANDIDATE_EDUCATION")
    if rules["candidate_language_certificate"] and row["pin"] not in certificates:
        out.add("CANDIDATE_LANGUAGE")
    expunged = convictions[row["pin"]]
    if "0" in expunged or (expunged and rules["expunged_convictions_disqualify"]):
        out.add("CANDIDATE_CONVICTION")
    return out


def screen_candidates(root: Path) -> set[CandidateKey]:
    """The candidate and list findings of ``candidates.csv`` (rules.md, "Candidate and list
    rules"), keyed like the test compares them: list rules have no line (``"None"``)."""
    election = json.loads((root / "election/election.json").read_text(encoding="utf-8"))
    rules = {**CANDIDATE_DEFAULTS, **election["rules"]}
    day = date.fromisoformat(election["election_day"])
    reg = root / "registers"
    people = {r["pin"]: r for r in read_csv(reg / "population.csv")}
    diplomas: dict[str, list[str]] = defaultdict(list)
    for d in read_csv(reg / "diplomas.csv"):
        diplomas[d["pin"]].append(d["level"])
    convictions: dict[str, list[str]] = defaultdict(list)
    for c in read_csv(reg / "convictions.csv"):
        convictions[c["pin"]].append(c["expunged"])
    certificates = {c["pin"] for c in read_csv(reg / "language_certificates.csv")}
    rows = read_csv(root / "election/candidates.csv")
    lists: dict[str, list[dict[str, str]]] = defaultdict(list)
    parties: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        lists[row["party_code"]].append(row)
        if is_pin(row["pin"]):
            parties[row["pin"]].add(row["party_code"])
    out: set[CandidateKey] = set()
    for row in rows:
        p = people.get(row["pin"])
        hits = (
            {"CANDIDATE_PIN_UNKNOWN"}
            if p is None
            else _candidate_rules(rules, day, row, p, (diplomas, convictions, certificates))
        )
        if len(parties.get(row["pin"], ())) > 1:
            hits.add("CANDIDATE_ON_TWO_LISTS")
        out |= {(rule, row["party_code"], "candidate", row["position"]) for rule in hits}
    for code, lst in lists.items():
        n = len(lst)
        women = sum(r["sex"] == "F" for r in lst)
        born = [people.get(r["pin"], r)["birth_date"] for r in lst]
        young = sum(_age(date.fromisoformat(b), day) < rules["list_young_age"] for b in born)
        if n > rules["list_max_candidates"]:
            out.add(("LIST_TOO_LONG", code, "candidate", "None"))
        if max(women, n - women) * 100 > Decimal(rules["list_max_sex_percent"]) * n:
            out.add(("LIST_SEX_SHARE", code, "candidate", "None"))
        if young * 100 < Decimal(rules["list_min_young_percent"]) * n:
            out.add(("LIST_YOUNG_SHARE", code, "candidate", "None"))
    return out
