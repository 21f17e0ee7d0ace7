"""Unit tests of the money sections' building blocks: periods, spellings, ledger, writers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from talapker.banking.statements.registry import parse_statement
from talapker.core.names import name_similarity
from talapker.generator.donors import account_for
from talapker.generator.ledger import BankLine, Ledger, Row
from talapker.generator.limits import LIMITS, report_period
from talapker.generator.statement_writers import StatementDoc, _cut, camt053, csv_rows, mt940
from talapker.generator.translit import latin
from talapker.generator.writers import CsvFile

D = Decimal


def test_report_periods_follow_the_election_rules() -> None:
    assert report_period("interim") == (dt.date(2026, 10, 1), dt.date(2026, 11, 18))
    assert report_period("final") == (dt.date(2026, 10, 1), dt.date(2026, 12, 8))
    assert LIMITS.individual_cap == D("200000") and LIMITS.entity_cap == D("3000000")
    assert LIMITS.late_window == (dt.date(2026, 11, 19), dt.date(2026, 11, 26))
    with pytest.raises(ValueError):
        report_period("monthly")


@pytest.mark.parametrize(
    ("cyrillic", "expected"),
    [
        ("Жээнбеков Нурлан Асанович", "Zheenbekov Nurlan Asanovich"),
        ("Жеңишбек уулу Таалайбек", "Zhengishbek uulu Taalaibek"),
        ("Өмүрбеков Үсөн", "Omurbekov Uson"),
        ("Хабибуллин Ильдар", "Khabibullin Ildar"),
    ],
)
def test_passport_latin_still_matches_the_register(cyrillic: str, expected: str) -> None:
    assert latin(cyrillic) == expected
    assert name_similarity(cyrillic, expected) >= 95


def test_accounts_are_stable_sixteen_digits() -> None:
    assert account_for("21503198500123") == account_for("21503198500123")
    assert account_for("21503198500123") != account_for("21503198500124")
    assert len(account_for("x")) == 16 and account_for("x").isdigit()


def _row(day: int, amount: int = 1000) -> Row:
    return Row(dt.date(2026, 11, day), "individual", "21503198500123", "A", D(amount), "bank")


def test_ledger_numbers_interim_rows_first_and_gives_references() -> None:
    ledger = Ledger("ata-jurt", "AB01", dt.date(2026, 11, 18))
    late, early, planted = _row(20), _row(2), _row(1)
    planted.final_only = True
    for r in (late, early, planted):
        line = BankLine(r.date, r.amount, "A", r.party_id, "", "x")
        ledger.credit(r, line)
    ledger.plant("DONOR_MINOR", "warning", "contribution", planted, planted.amount, {"pin": "1"})
    entries = ledger.close()
    assert (early.line, planted.line, late.line) == (1, 2, 3)  # final-only rows by date
    assert ledger.interim_rows(ledger.contributions) == [early]
    assert early.bank_ref == "AB0126110200002"  # booked second of three, on 2 November
    assert entries == [
        {
            "rule": "DONOR_MINOR",
            "severity": "warning",
            "fund": "ata-jurt",
            "source": "contribution",
            "line": planted.line,
            "amount": "1000.00",
            "evidence": {"pin": "1"},
        }
    ]


def _doc(purpose: str) -> StatementDoc:
    day = dt.date(2026, 10, 5)
    lines = [
        BankLine(
            day, D("1500.50"), "Жеңишбек уулу Таалайбек", "20305198800789", "1350100055554444",
            purpose,
        ),
        BankLine(day, D("-250.00"), "", "", "", "Комиссия банка", code="NCHG"),
        BankLine(
            day + dt.timedelta(days=1), D("-999.00"), 'ОсОО "Ала-Тоо Принт"', "00512201210045",
            "1280016012345670", purpose, valued=day + dt.timedelta(days=2), customer_ref="PP-17",
        ),
    ]  # fmt: skip
    for i, line in enumerate(lines, start=1):
        line.reference = f"AB0126100{i:06d}"
    end = dt.date(2026, 10, 31)
    return StatementDoc("ST2610050001", "1350000000000001", "Фонд", "Айыл Банк", day, end, lines)


@pytest.mark.parametrize("purpose", ["Взнос", "Пожертвование в избирательный фонд " * 6])
def test_every_format_reads_back_to_the_same_lines(purpose: str, tmp_path) -> None:
    doc = _doc(purpose.strip())
    with CsvFile(tmp_path / "s.csv", "statement") as out:
        out.writerows(csv_rows(doc))
    files = {"s.csv": (tmp_path / "s.csv").read_bytes()}
    for dialect in ("structured", "keyword"):
        files[f"{dialect}.sta"] = mt940(doc, dialect).encode("utf-8")
    for version in (2, 8):
        files[f"v{version}.xml"] = "".join(camt053(doc, version)).encode("utf-8")
    today = dt.date(2027, 1, 1)
    read = {name: parse_statement(name, data, today=today) for name, data in files.items()}
    expected = read["s.csv"].lines
    assert expected[0].purpose == purpose.strip() and expected[2].value_date == dt.date(2026, 10, 7)
    for name, statement_file in read.items():
        assert statement_file.lines == expected, name
        if name != "s.csv":
            (statement,) = statement_file.statements
            assert statement.opening_balance == 0 and statement.closing_balance == D("251.50")


def test_mt940_lines_are_never_cut_where_a_reader_would_lose_text() -> None:
    assert _cut("a" * 61 + "b" * 65 + "c", 61) == ["a" * 61, "b" * 65, "c"]
    with pytest.raises(ValueError):
        _cut("a" * 61 + "-", 61)
    with pytest.raises(ValueError):
        _cut("a" * 61 + ":20:x", 61)
