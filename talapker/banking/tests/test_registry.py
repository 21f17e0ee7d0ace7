"""Formats are declared in one registry; the entry point detects them, caps what it reads
and refuses what it does not know."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from talapker.banking.statements import (
    DEFAULT_LIMITS,
    Limits,
    Statement,
    StatementFormat,
    StatementLine,
    detect_format,
    parse_statement,
    register,
    registry,
    statement_formats,
)
from talapker.banking.tests.scenario import sample_bytes
from talapker.core.errors import InputError


def test_the_built_in_formats_are_registered() -> None:
    assert {f.name for f in statement_formats()} == {"mt940", "camt.053", "csv"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mt940_structured_utf8.sta", "mt940"),
        ("mt940_keyword_cp1251.sta", "mt940"),
        ("mt940_plain_cp866.sta", "mt940"),
        ("camt053_v02.xml", "camt.053"),
        ("camt053_v08.xml", "camt.053"),
        ("statement.csv", "csv"),
    ],
)
def test_each_sample_is_recognised_by_its_content(name: str, expected: str) -> None:
    assert detect_format(name, sample_bytes(name)).name == expected


def test_the_file_name_does_not_decide_the_format() -> None:
    statement = parse_statement("statement.xml", sample_bytes("statement.csv"))
    assert statement.format == "csv"


def test_a_named_format_is_used_as_named() -> None:
    with pytest.raises(InputError, match="not well-formed XML"):
        parse_statement("x.csv", sample_bytes("statement.csv"), statement_format="camt.053")


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(InputError, match="unknown statement format 'bai2'"):
        parse_statement("x.bai", b"01,BAI2", statement_format="bai2")


def test_content_no_parser_knows_is_refused_naming_the_formats_read() -> None:
    with pytest.raises(InputError) as refused:
        parse_statement("report.pdf", b"%PDF-1.7\n...")
    message = str(refused.value)
    assert message.startswith("report.pdf: not a bank statement")
    for label in ("MT940", "camt.053", "CSV"):
        assert label in message


def test_a_file_over_twenty_megabytes_is_refused_unread() -> None:
    data = b":20:X\n" + b" " * DEFAULT_LIMITS.max_bytes
    with pytest.raises(InputError, match=r"accepted up to 20,971,520 bytes \(20 MB\)"):
        parse_statement("big.sta", data)


def test_more_than_two_hundred_thousand_lines_are_refused_at_the_default_limit() -> None:
    lines = "".join(f":61:2510011001C1,00NTRFNONREF//R{n}\n" for n in range(200_001))
    data = (
        ":20:X\n:25:1350100012345678\n:60F:C250930KGS0,00\n" + lines + ":62F:C251001KGS0,00\n"
    ).encode()
    assert len(data) < DEFAULT_LIMITS.max_bytes
    with pytest.raises(InputError, match="200,001 lines; at most 200,000 are accepted"):
        parse_statement("many.sta", data)


def test_booking_dates_are_bounded_by_the_day_given_as_today() -> None:
    data = sample_bytes("statement.csv")
    parse_statement("s.csv", data, today=dt.date(2025, 10, 8))  # one day of time zones
    with pytest.raises(InputError, match="booked on 2025-10-09, which is in the future"):
        parse_statement("s.csv", data, today=dt.date(2025, 10, 7))


def test_a_format_registered_later_is_detected_and_checked_like_the_built_ins() -> None:
    def sniff(data: bytes) -> bool:
        return data.startswith(b"TOY")

    def parse(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Statement, ...]:
        line = StatementLine(
            number=1,
            booking_date=dt.date(2025, 10, 1),
            value_date=None,
            amount=Decimal("0.001"),
            currency="KGS",
            counterparty_name="",
            counterparty_id="",
            counterparty_account="",
            reference="T1",
            purpose="",
        )
        return (Statement("toy", "1", "KGS", "", None, None, None, None, (line,)),)

    register(StatementFormat("toy", sniff, parse, "toy"))
    try:
        with pytest.raises(InputError, match="at most two decimals"):
            parse_statement("t.toy", b"TOY")
        with pytest.raises(ValueError, match="registered twice"):
            register(StatementFormat("toy", sniff, parse, "toy"))
    finally:
        del registry._FORMATS["toy"]
