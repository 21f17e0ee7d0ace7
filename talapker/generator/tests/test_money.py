"""The generated reports, statements and scans: formats, consistency and what was planted."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from talapker.banking.statements.model import Statement
from talapker.banking.statements.registry import parse_statement
from talapker.core.names import name_similarity
from talapker.filings.formats.model import Upload
from talapker.filings.formats.registry import report_read
from talapker.filings.scans import scan_check
from talapker.generator import SCALES

from .conftest import Generated
from .reference import screen

# formats.md sections 4 and 5, written out independently of the generator
CONTRIBUTIONS = "line date donor_kind donor_id donor_name amount method bank_ref description"
EXPENDITURES = "line date category payee_name payee_id amount method bank_ref description"
STATEMENT = (
    "account booking_date value_date amount currency counterparty_name counterparty_id "
    "counterparty_account reference purpose"
)
INTERIM_END = dt.date(2026, 11, 18)
FINAL_END = dt.date(2026, 12, 8)
AFTER_EVERYTHING = dt.date(2027, 1, 1)  # "today" for the parser: no booking is in the future
MONEY = re.compile(r"\d+\.\d{2}")
#: every contribution rule but CASH_OVER_LIMIT: the default election has no cash cap
CONTRIBUTION_RULES = (
    "DONOR_UNIDENTIFIED",
    "DONOR_PIN_UNKNOWN",
    "DONOR_PIN_INCONSISTENT",
    "DONOR_NAME_MISMATCH",
    "DONOR_DECEASED",
    "DONOR_MINOR",
    "DONOR_FOREIGN_CITIZEN",
    "DONOR_DUAL_CITIZEN",
    "DONOR_STATELESS",
    "ENTITY_INN_UNKNOWN",
    "ENTITY_FOREIGN",
    "ENTITY_FOREIGN_PARTICIPATION",
    "ENTITY_STATE_OWNED",
    "ENTITY_STATE_SHARE",
    "ENTITY_PROHIBITED_FORM",
    "ENTITY_TAX_DEBT",
    "ENTITY_RECENTLY_REGISTERED",
    "ENTITY_LIQUIDATED",
    "DONOR_CAP_EXCEEDED",
    "OUTSIDE_CAMPAIGN",
    "PROHIBITED_NOT_REFUNDED",
    "FUND_CAP_EXCEEDED",
    "SPENDING_CAP_EXCEEDED",
    "DONOR_CLUSTER",
)
BANK_RULES = (
    "BANK_UNDECLARED_CREDIT BANK_UNDECLARED_DEBIT DECLARED_NOT_IN_BANK BANK_AMOUNT_MISMATCH"
)


def _funds(demo: Generated) -> list[str]:
    return [p["code"] for p in demo.rows("election/parties.csv")]


def _report(demo: Generated, fund: str, kind: str, table: str) -> list[dict[str, str]]:
    return demo.rows(f"reports/{fund}/{kind}/{table}.csv")


@pytest.fixture(scope="module")
def statements(demo: Generated) -> dict[str, dict[str, Statement]]:
    out = {}
    for fund in _funds(demo):
        out[fund] = {
            ext: parse_statement(
                f"{fund}.{ext}",
                (demo.root / "statements" / f"{fund}.{ext}").read_bytes(),
                today=AFTER_EVERYTHING,
            ).statements[0]
            for ext in ("csv", "sta", "xml")
        }
    return out


def _planted(demo: Generated, *rules: str) -> list[dict[str, Any]]:
    return [e for e in demo.planted() if e.get("rule") in rules]


def test_every_fund_has_two_reports_and_a_statement_in_three_formats(demo: Generated) -> None:
    for fund in _funds(demo):
        for kind in ("interim", "final"):
            for name in ("contributions.csv", "expenditures.csv", "scan.pdf"):
                assert (demo.root / "reports" / fund / kind / name).is_file()
        for ext in ("csv", "sta", "xml"):
            assert (demo.root / "statements" / f"{fund}.{ext}").is_file()
    assert sorted(p.name for p in (demo.root / "reports").iterdir()) == sorted(_funds(demo))


def test_headers_and_values_follow_the_formats(demo: Generated) -> None:
    fund = _funds(demo)[0]
    assert demo.header(f"reports/{fund}/final/contributions.csv") == CONTRIBUTIONS.split()
    assert demo.header(f"reports/{fund}/final/expenditures.csv") == EXPENDITURES.split()
    assert demo.header(f"statements/{fund}.csv") == STATEMENT.split()
    for fund in _funds(demo):
        for table in ("contributions", "expenditures"):
            for row in _report(demo, fund, "final", table):
                assert MONEY.fullmatch(row["amount"]), row
                dt.date.fromisoformat(row["date"])
                assert (row["method"] == "bank") == bool(row["bank_ref"]), row


def test_every_report_reads_without_problems(demo: Generated) -> None:
    for fund in _funds(demo):
        for kind in ("interim", "final"):
            folder = demo.root / "reports" / fund / kind
            uploads = {
                table: Upload(f"{table}.csv", (folder / f"{table}.csv").read_bytes())
                for table in ("contributions", "expenditures")
            }
            data = report_read("csv", uploads)
            assert len(data.contributions) == len(_report(demo, fund, kind, "contributions"))
            assert len(data.expenditures) == len(_report(demo, fund, kind, "expenditures"))


def test_the_three_statement_formats_read_to_the_same_lines(
    demo: Generated, statements: dict[str, dict[str, Statement]]
) -> None:
    accounts = {a["fund"]: a["account"] for a in demo.rows("election/accounts.csv")}
    for fund, by_format in statements.items():
        csv_lines = by_format["csv"].lines
        assert by_format["sta"].lines == csv_lines, fund
        assert by_format["xml"].lines == csv_lines, fund
        assert len(csv_lines) == demo.summary[f"statements/{fund}.csv"]
        for ext in ("csv", "sta", "xml"):
            assert by_format[ext].account == accounts[fund]


def test_statements_open_at_zero_and_add_up(
    demo: Generated, statements: dict[str, dict[str, Statement]]
) -> None:
    opened = {a["fund"]: a["opened_on"] for a in demo.rows("election/accounts.csv")}
    for fund, by_format in statements.items():
        for ext in ("sta", "xml"):
            st = by_format[ext]
            assert st.opening_balance == 0 and st.closing_balance == st.total, (fund, ext)
            assert st.opening_date == dt.date.fromisoformat(opened[fund])
            assert st.closing_date == FINAL_END
        balance = Decimal(0)
        for line in by_format["csv"].lines:  # never overdrawn
            balance += line.amount
            assert balance >= 0, (fund, line.reference)


def test_both_mt940_dialects_and_both_camt_versions_appear(demo: Generated) -> None:
    texts = [p.read_text(encoding="utf-8") for p in (demo.root / "statements").glob("*.sta")]
    assert any(":86:020?00" in t for t in texts) and any(":86:/NAME/" in t for t in texts)
    xml = [p.read_text(encoding="utf-8") for p in (demo.root / "statements").glob("*.xml")]
    assert {v for t in xml for v in re.findall(r"camt\.053\.001\.(\d\d)", t)} == {"02", "08"}


def test_interim_report_is_a_prefix_of_the_final_one(demo: Generated) -> None:
    for fund in _funds(demo):
        for table in ("contributions", "expenditures"):
            interim = _report(demo, fund, "interim", table)
            final = _report(demo, fund, "final", table)
            assert final[: len(interim)] == interim, (fund, table)
            assert [int(r["line"]) for r in final] == list(range(1, len(final) + 1))
            assert all(r["date"] <= INTERIM_END.isoformat() for r in interim)
            assert all(r["date"] <= FINAL_END.isoformat() for r in final)


def test_fund_sizes(demo: Generated) -> None:
    given = [len(_report(demo, f, "final", "contributions")) for f in _funds(demo)]
    spent = [len(_report(demo, f, "final", "expenditures")) for f in _funds(demo)]
    assert sum(given) == SCALES["demo"].contributions
    assert all(40 <= n <= 150 for n in given), given
    assert all(20 <= n <= 62 for n in spent), spent
    kinds = Counter(
        r["donor_kind"] for f in _funds(demo) for r in _report(demo, f, "final", "contributions")
    )
    assert set(kinds) == {"individual", "legal_entity", "party_own", "candidate_own"}
    methods = Counter(
        r["method"] for f in _funds(demo) for r in _report(demo, f, "final", "contributions")
    )
    assert methods["bank"] > methods["cash"] > methods["in_kind"] > 0
    cats = {r["category"] for f in _funds(demo) for r in _report(demo, f, "final", "expenditures")}
    assert {"refund", "bank_fees", "print", "online", "tv_radio"} <= cats


def test_scans_are_small_clean_pdfs(demo: Generated) -> None:
    for fund in _funds(demo):
        for kind in ("interim", "final"):
            data = (demo.root / "reports" / fund / kind / "scan.pdf").read_bytes()
            verdict = scan_check("scan.pdf", data)
            assert verdict.ok and verdict.pages == 1, (fund, kind, verdict.reasons)
            assert len(data) < 30_000


def test_planted_json_is_the_whole_truth(demo: Generated) -> None:
    """An independent reading of rules.md over the files finds exactly what was planted
    (the ads and the payees have their own readings: test_ads.py, test_payees.py)."""
    planted = {
        (e["fund"], e["rule"], e["source"], e.get("line")): e.get("amount")
        for e in demo.planted()
        if "rule" in e
        and e["source"] not in ("candidate", "ad")
        and not e["rule"].startswith("PAYEE_")
        and e["fund"] in _funds(demo)
    }
    found = {
        (fund, *key): amount
        for fund, f in screen(demo.root).items()
        for key, amount in f.items.items()
    }
    assert found == planted


def test_every_rule_with_register_data_is_planted(demo: Generated) -> None:
    counts = Counter(e["rule"] for e in demo.planted() if "rule" in e)
    for rule in CONTRIBUTION_RULES:
        assert counts[rule] >= 1, rule
    for rule in BANK_RULES.split():
        assert 2 <= counts[rule] <= 4, rule
    for e in _planted(demo, *CONTRIBUTION_RULES, *BANK_RULES.split()):
        assert e["severity"] in ("violation", "warning", "notice")
        assert "amount" not in e or MONEY.fullmatch(e["amount"])


def test_bank_plants_point_at_what_they_say(demo: Generated) -> None:
    for e in _planted(demo, "BANK_UNDECLARED_CREDIT", "BANK_UNDECLARED_DEBIT"):
        lines = {r["reference"]: r for r in demo.rows(f"statements/{e['fund']}.csv")}
        line = lines[e["line"]]
        assert (Decimal(line["amount"]) > 0) == (e["rule"] == "BANK_UNDECLARED_CREDIT")
        assert line["counterparty_id"] == e["evidence"]["counterparty_id"]
        for table in ("contributions", "expenditures"):
            rows = _report(demo, e["fund"], "final", table)
            assert all(r["bank_ref"] != e["line"] for r in rows)
            assert all(
                r["donor_id" if table == "contributions" else "payee_id"] != line["counterparty_id"]
                for r in rows
            )
    for e in _planted(demo, "DECLARED_NOT_IN_BANK"):
        row = _report(demo, e["fund"], "final", f"{e['source']}s")[e["line"] - 1]
        refs = {r["reference"] for r in demo.rows(f"statements/{e['fund']}.csv")}
        assert row["method"] == "bank" and row["bank_ref"] == e["evidence"]["bank_ref"]
        assert row["bank_ref"] not in refs
    for e in _planted(demo, "BANK_AMOUNT_MISMATCH"):
        row = _report(demo, e["fund"], "final", f"{e['source']}s")[e["line"] - 1]
        lines = {r["reference"]: r for r in demo.rows(f"statements/{e['fund']}.csv")}
        assert abs(Decimal(lines[row["bank_ref"]]["amount"])) == Decimal(e["evidence"]["bank"])
        assert row["amount"] == e["amount"] == e["evidence"]["declared"]


def test_planted_rows_are_final_only_and_name_register_keys(demo: Generated) -> None:
    people = {r["pin"]: r for r in demo.rows("registers/population.csv")}
    entities = {r["inn"]: r for r in demo.rows("registers/legal_entities.csv")}
    for e in _planted(demo, *CONTRIBUTION_RULES):
        if e["source"] != "contribution":
            continue
        interim = _report(demo, e["fund"], "interim", "contributions")
        row = _report(demo, e["fund"], "final", "contributions")[e["line"] - 1]
        assert e["line"] > len(interim), e
        ev = e["evidence"]
        rule = ev.get("rule", e["rule"])  # PROHIBITED_NOT_REFUNDED names the rule it follows
        if "pin" in ev:
            assert row["donor_id"] == ev["pin"]
            assert (ev["pin"] in people) == (rule != "DONOR_PIN_UNKNOWN")
        if "inn" in ev:
            assert row["donor_id"] == ev["inn"]
            assert (ev["inn"] in entities) == (rule != "ENTITY_INN_UNKNOWN")


def test_near_misses_are_where_the_notes_say(demo: Generated) -> None:
    notes = {
        n["kind"]: n
        for n in demo.planted()
        if str(n.get("kind", "")).startswith("near_miss_") and "fund" in n
    }
    assert {
        "near_miss_cash_deposit_days", "near_miss_same_donor_same_amount", "near_miss_donor_at_cap",
        "near_miss_cluster", "near_miss_refund_on_last_day",
    } <= set(notes)  # fmt: skip
    n = notes["near_miss_cash_deposit_days"]
    row = _report(demo, n["fund"], "final", "contributions")[n["line"] - 1]
    line = {r["reference"]: r for r in demo.rows(f"statements/{n['fund']}.csv")}[n["reference"]]
    assert row["method"] == "cash" and line["counterparty_id"] == row["donor_id"]
    gap = dt.date.fromisoformat(line["booking_date"]) - dt.date.fromisoformat(row["date"])
    assert gap.days == n["days"] == 3
    n = notes["near_miss_same_donor_same_amount"]
    rows = [_report(demo, n["fund"], "final", "contributions")[i - 1] for i in n["lines"]]
    assert rows[0]["donor_id"] == rows[1]["donor_id"] and rows[0]["amount"] == rows[1]["amount"]
    n = notes["near_miss_donor_at_cap"]
    rows = [_report(demo, n["fund"], "final", "contributions")[i - 1] for i in n["lines"]]
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal(n["total"]) == Decimal("200000")


def test_some_donors_are_filed_in_latin_and_still_match(demo: Generated) -> None:
    people = {r["pin"]: r for r in demo.rows("registers/population.csv")}
    latin = 0
    for fund in _funds(demo):
        for r in _report(demo, fund, "final", "contributions"):
            if (
                r["donor_kind"] == "individual"
                and r["donor_name"].isascii()
                and r["donor_id"] in people
            ):
                p = people[r["donor_id"]]
                register = " ".join(x for x in (p["surname"], p["name"], p["patronymic"]) if x)
                assert name_similarity(r["donor_name"], register) >= 85
                latin += 1
    assert latin >= 20
