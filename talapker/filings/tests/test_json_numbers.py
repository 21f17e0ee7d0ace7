"""Numbers in a JSON report are read as exact decimals: accepted wherever the value is exact
for its column, refused with a clear problem when it is not (or is no number at all)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from talapker.filings.formats.jsonbody import read_json_report
from talapker.filings.formats.model import Upload
from talapker.filings.formats.problems import ReportInvalid
from talapker.filings.tests.conftest import SAMPLES

REPORT = (SAMPLES / "report.json").read_text(encoding="utf-8")
AMOUNT = '"amount": "15000.00"'  # the first contribution's
LINE = '"line": 1,'


def read(old: str, new: str):  # type: ignore[no-untyped-def]
    assert old in REPORT
    return read_json_report(Upload("report.json", REPORT.replace(old, new, 1).encode()))


def problems(old: str, new: str) -> list[tuple[str | None, str]]:
    with pytest.raises(ReportInvalid) as refused:
        read(old, new)
    return [(p.column, p.code) for p in refused.value.problems]


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("15000.5", Decimal("15000.50")),
        ("0.5", Decimal("0.50")),
        ("15000", Decimal("15000.00")),
        ("1.5e4", Decimal("15000.00")),
        ("15000.10", Decimal("15000.10")),
    ],
)
def test_an_amount_written_as_an_exact_number_is_accepted(written: str, amount: Decimal) -> None:
    report = read(AMOUNT, f'"amount": {written}')
    assert report.data.contributions[0].amount == amount
    assert str(report.data.contributions[0].amount) == str(amount)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("0.125", "amount_decimals"),
        ("0.1000000000000000000001", "amount_decimals"),
        ("1e400", "amount_too_large"),
        ("1e999999999", "amount_too_large"),  # never spelt out in a billion digits
        ("1e-999999999", "amount_decimals"),
        ("99999999999999999999", "amount_too_large"),
        ("-5", "amount_negative"),
    ],
)
def test_an_amount_that_is_not_exact_for_money_is_refused(written: str, code: str) -> None:
    assert problems(AMOUNT, f'"amount": {written}') == [("contributions[0].amount", code)]


@pytest.mark.parametrize("written", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(written: str) -> None:
    assert problems(AMOUNT, f'"amount": {written}') == [(None, "json_invalid")]


def test_a_line_number_written_as_an_exact_whole_number_is_accepted() -> None:
    assert read(LINE, '"line": 1.0,').data.contributions[0].line == 1
    assert problems(LINE, '"line": 1.5,') == [("contributions[0].line", "line_invalid")]
    assert problems(LINE, '"line": 1e999999999,') == [("contributions[0].line", "line_invalid")]


def test_the_sample_reads_the_same_with_every_amount_a_number() -> None:
    body = json.loads(REPORT)
    for table in ("contributions", "expenditures"):
        for row in body[table]:
            row["amount"] = f"@{row['amount']}@"
    text = json.dumps(body, ensure_ascii=False).replace('"@', "").replace('@"', "")
    as_numbers = read_json_report(Upload("report.json", text.encode()))
    assert as_numbers == read_json_report(Upload("report.json", REPORT.encode()))
