"""The planted payees of one demo generation, checked from the files as ``rules.md``'s payee
extensions (docs/rules.md, "Payee rules") read them: every expenditure but refunds and bank
fees, its payee looked up by the id filed in the registers, the lists and the fund's own
contributions. Exactly the planted rows must be flagged: none missed, none extra."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from talapker.core.names import name_key

from .conftest import Generated

RULES = (
    "PAYEE_RECENT_ENTITY",
    "PAYEE_TAX_DEBTOR",
    "PAYEE_LIQUIDATED",
    "PAYEE_STATE_OWNED",
    "PAYEE_RELATED_TO_CANDIDATE",
    "PAYEE_ALSO_DONOR",
)
RECENT_DAYS = 90  # recent_entity_days of election.json
ENTERPRISES = ("state_enterprise", "municipal_enterprise")


def _flagged(demo: Generated) -> set[tuple[str, str, str, str]]:
    """(rule, fund, line, amount) of every expenditure the payee rules would flag."""
    entities = {e["inn"]: e for e in demo.rows("registers/legal_entities.csv")}
    debt_since: dict[str, str] = {}
    for d in demo.rows("registers/tax_debtors.csv"):
        debt_since[d["inn"]] = min(d["as_of"], debt_since.get(d["inn"], "9999-12-31"))
    founders: dict[str, list[dict[str, str]]] = {}
    for f in demo.rows("registers/founders.csv"):
        founders.setdefault(f["entity_inn"], []).append(f)
    pins: dict[str, set[str]] = {}
    for c in demo.rows("election/candidates.csv"):
        pins.setdefault(c["party_code"], set()).add(c["pin"])
    out = set()
    for party in demo.rows("election/parties.csv"):
        code, leader = party["code"], name_key(party["leader"])
        gave = {
            c["donor_id"]
            for c in demo.rows(f"reports/{code}/final/contributions.csv")
            if c["donor_kind"] in ("individual", "legal_entity", "candidate_own")
        }
        for e in demo.rows(f"reports/{code}/final/expenditures.csv"):
            if e["category"] in ("refund", "bank_fees"):
                continue
            pid, on = e["payee_id"], e["date"]
            hits = []
            le = entities.get(pid)
            if le is not None:
                since = (date.fromisoformat(on) - timedelta(days=RECENT_DAYS)).isoformat()
                hits += ["PAYEE_RECENT_ENTITY"] * (le["registration_date"] > since)
                hits += ["PAYEE_LIQUIDATED"] * bool(
                    le["liquidation_date"] <= on and le["liquidation_date"]
                )
                wholly = float(le["state_share"]) >= 100 and le["legal_form"] != "state_body"
                hits += ["PAYEE_STATE_OWNED"] * (le["legal_form"] in ENTERPRISES or wholly)
                hits += ["PAYEE_TAX_DEBTOR"] * (debt_since.get(pid, "9999") <= on)
            insiders = [
                f
                for f in founders.get(pid, [])
                if f["founder_kind"] == "person"
                and (f["founder_id"] in pins[code] or name_key(f["founder_name"]) == leader)
            ]
            hits += ["PAYEE_RELATED_TO_CANDIDATE"] * bool(insiders or pid in pins[code])
            hits += ["PAYEE_ALSO_DONOR"] * (pid in gave)
            out |= {(rule, code, e["line"], e["amount"]) for rule in hits}
    return out


def test_exactly_the_planted_payees_are_flagged(demo: Generated) -> None:
    planted = [p for p in demo.planted() if str(p.get("rule", "")).startswith("PAYEE_")]
    truth = {(p["rule"], p["fund"], str(p["line"]), p["amount"]) for p in planted}
    assert len(truth) == len(planted)
    assert Counter(p["rule"] for p in planted).keys() == set(RULES)  # every rule planted
    assert {(p["severity"], p["source"]) for p in planted} == {("warning", "expenditure")}
    assert _flagged(demo) == truth


def test_planted_payments_are_in_the_final_report_and_the_bank(demo: Generated) -> None:
    """Each planted payment lies beyond the interim report and left the account."""
    for p in demo.planted():
        if not str(p.get("rule", "")).startswith("PAYEE_"):
            continue
        code, line = p["fund"], int(p["line"])
        interim = demo.rows(f"reports/{code}/interim/expenditures.csv")
        final = demo.rows(f"reports/{code}/final/expenditures.csv")
        assert line > len(interim) and float(p["amount"]) >= 1000
        row = final[line - 1]
        assert (row["line"], row["amount"], row["method"]) == (str(line), p["amount"], "bank")
        assert row["payee_id"] == p["evidence"]["payee_id"]
        statement = demo.rows(f"statements/{code}.csv")
        refs = {s["reference"]: s for s in statement}
        assert row["bank_ref"] in refs and refs[row["bank_ref"]]["amount"] == f"-{row['amount']}"
