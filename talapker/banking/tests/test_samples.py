"""Every recorded bank's statement reads to the same seven bookings, whatever its format."""

from __future__ import annotations

import dataclasses

import pytest

from talapker.banking.statements import Statement, StatementLine, parse_statement
from talapker.banking.tests.scenario import (
    ACCOUNT,
    CLOSING,
    CODE_PAGE_FOLD,
    LINES,
    OPENING,
    sample_bytes,
)

UTF8_SAMPLES = [
    ("mt940_structured_utf8.sta", "mt940"),
    ("camt053_v02.xml", "camt.053"),
    ("camt053_v08.xml", "camt.053"),
    ("statement.csv", "csv"),
]


def read(name: str) -> Statement:
    (statement,) = parse_statement(name, sample_bytes(name)).statements
    return statement


def folded(line: StatementLine) -> StatementLine:
    """The line as a bank writing cp1251 or cp866 can write it (no Ө Ү Ң)."""
    return dataclasses.replace(
        line,
        counterparty_name=line.counterparty_name.translate(CODE_PAGE_FOLD),
        purpose=line.purpose.translate(CODE_PAGE_FOLD),
    )


@pytest.mark.parametrize(("name", "statement_format"), UTF8_SAMPLES)
def test_each_utf8_sample_reads_to_the_recorded_bookings(name: str, statement_format: str) -> None:
    statement = read(name)
    assert statement.format == statement_format
    assert statement.account == ACCOUNT
    assert statement.currency == "KGS"
    assert statement.lines == LINES


def test_mt940_camt_and_csv_give_equal_line_data() -> None:
    lines = {name: read(name).lines for name, _ in UTF8_SAMPLES}
    assert len(set(lines.values())) == 1


def test_amounts_are_two_decimal_decimals_never_floats() -> None:
    for name, _ in UTF8_SAMPLES:
        for line in read(name).lines:
            assert line.amount.as_tuple().exponent == -2


def test_statements_with_balances_carry_them_and_they_add_up() -> None:
    for name in ("mt940_structured_utf8.sta", "camt053_v02.xml", "camt053_v08.xml"):
        statement = read(name)
        assert (statement.opening_balance, statement.opening_date) == OPENING
        assert (statement.closing_balance, statement.closing_date) == CLOSING
        assert statement.statement_id == "ST251009000117"


def test_a_csv_statement_has_no_balances_and_no_id() -> None:
    statement = read("statement.csv")
    assert statement.opening_balance is None and statement.closing_balance is None
    assert statement.statement_id == ""


def test_the_cp1251_keyword_dialect_reads_like_the_others_but_for_the_kyrgyz_letters() -> None:
    statement = read("mt940_keyword_cp1251.sta")
    assert statement.statement_id == "0000117/2025"
    assert statement.lines == tuple(folded(line) for line in LINES)


def test_the_cp866_plain_dialect_keeps_the_whole_text_as_purpose() -> None:
    statement = read("mt940_plain_cp866.sta")
    expected = tuple(
        dataclasses.replace(
            line,
            counterparty_name="",
            counterparty_id="",
            counterparty_account="",
            purpose=statement.lines[line.number - 1].purpose,
        )
        for line in LINES
    )
    assert statement.lines == expected
    first = statement.lines[0].purpose
    assert first == (
        "Омурбеков Нурлан Усонович, р/с 1240020000123456, ИНН 21503198500123. "
        "Ыктыярдуу кайрымдуулук / добровольное пожертвование"
    )
    assert statement.lines[5].purpose == "Комиссия банка за ведение счёта"


def test_each_line_knows_where_it_starts_in_its_file() -> None:
    assert [line.source_line for line in read("statement.csv").lines] == [2, 3, 4, 5, 6, 7, 8]
    assert read("mt940_structured_utf8.sta").lines[1].source_line == 9
    assert read("camt053_v02.xml").lines[0].source_line == 45
