"""camt.053 as banks really send it (issue 13): inside the SWIFT application header envelope,
several statements in one document, no booking date, a reference repeated, no entries; and
refusals that name the element and the line, never a library's words.

The real samples are read from `../shared/bank-samples/` (never copied into the project)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from talapker.banking.statements import StatementFile, parse_statement
from talapker.core.errors import InputError

from .bank_samples import FOLDER, INTERNAL

SAMPLES = FOLDER / "camt"
TEMPLATE = (Path(__file__).parent / "samples" / "camt053_v02.xml").read_text(encoding="utf-8")
TODAY = dt.date(2030, 1, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def read(name: str, data: str | bytes) -> StatementFile:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_statement(name, raw, statement_format="camt.053", today=TODAY)


def refused(data: str | bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        read("refused.xml", data)
    return caught.value


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not there")
    return path.read_bytes()


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# The SWIFT business application header envelope -------------------------------------------


def enveloped(root: str, namespace: str, inner: str = TEMPLATE) -> str:
    document = inner.split("?>", 1)[1]
    header = (
        '<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">'
        "<BizMsgIdr>B-1</BizMsgIdr><MsgDefIdr>camt.053.001.02</MsgDefIdr></AppHdr>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{namespace}">\n<Body>'
        f"{header}{document}</Body>\n</{root}>\n"
    )


@pytest.mark.parametrize(
    ("root", "namespace"),
    [("Envelope", "urn:swift:xsd:envelope"), ("DataPDU", "urn:swift:saa:xsd:saa.2.0")],
)
def test_a_document_inside_an_envelope_is_read_like_a_bare_one(root: str, namespace: str) -> None:
    bare = read("bare.xml", TEMPLATE)
    inside = read("enveloped.xml", enveloped(root, namespace))
    assert inside.statements == bare.statements
    assert inside.lines[0].source_line == bare.lines[0].source_line + 2  # the envelope's lines


def test_the_cbpr_sample_in_its_envelope_is_read() -> None:
    (statement,) = read("cbpr.xml", sample("cbpr_c105_1_1_v8.xml")).statements
    assert (statement.account, statement.currency, statement.sequence) == (
        "48751258",
        "GBP",
        "1001",
    )
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("-10.00"),
        Decimal("-2470.00"),
    )
    assert [line.amount for line in statement.lines] == [Decimal("-2450.00"), Decimal("-10.00")]
    # no BookgDt: the value date is the booking date
    assert {line.booking_date for line in statement.lines} == {dt.date(2022, 10, 20)}
    assert statement.lines[0].reference == "ABKREF-125646"
    assert statement.lines[1].references == (
        "ABCREF-125678",
        "pacs008bzmsgid-1",
        "pacs008EndToEndId-001",
        "7a562c67-ca16-48ba-b074-65581be6f001",
        "camt105chrgid1",
    )


def test_a_dtd_is_refused_even_around_an_envelope() -> None:
    text = enveloped("Envelope", "urn:swift:xsd:envelope").replace(
        "?>\n", '?>\n<!DOCTYPE Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n', 1
    )
    assert "DTD" in refused(text).reason


def test_another_message_in_an_envelope_is_refused_naming_it() -> None:
    pain = (
        '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">'
        "<CstmrCdtTrfInitn/></Document>"
    )
    error = refused(enveloped("Envelope", "urn:swift:xsd:envelope", pain))
    assert "this is an ISO 20022 pain.001 message, not a camt.053 bank statement" in error.reason


def test_an_envelope_without_a_document_is_refused_naming_its_root() -> None:
    error = refused('<Envelope xmlns="urn:swift:xsd:envelope"><AppHdr/></Envelope>')
    assert "the root element <Envelope> has namespace 'urn:swift:xsd:envelope'" in error.reason


# Several statements ------------------------------------------------------------------------


def test_every_stmt_of_a_document_is_a_statement_in_order() -> None:
    read_file = read("multi.xml", sample("genkgo_v2_multi_statement.xml"))
    first, second = read_file.statements
    assert read_file.accounts == ("NL26VAYB8060476890",)
    assert (first.statement_id, second.statement_id) == (
        "253EURNL26VAYB8060476890",
        "254EURNL26VAYB8060476890",
    )
    assert (first.closing_balance, second.opening_balance) == (Decimal("27.00"), Decimal("27.00"))
    assert [len(s.lines) for s in read_file.statements] == [1, 1]
    assert first.source_line < first.lines[0].source_line < second.source_line


def test_statements_of_two_accounts_in_one_document() -> None:
    start, end = TEMPLATE.index("<Stmt>"), TEMPLATE.index("</Stmt>") + len("</Stmt>")
    other = TEMPLATE[start:end].replace("1350100012345678", "1350100099999999")
    other = other.replace("<ElctrncSeqNb>117<", "<ElctrncSeqNb>118<")
    read_file = read("two.xml", TEMPLATE[:end] + "\n" + other + TEMPLATE[end:])
    assert read_file.accounts == ("1350100012345678", "1350100099999999")
    assert [s.sequence for s in read_file.statements] == ["117", "118"]
    assert [line.number for line in read_file.statements[1].lines] == list(range(1, 8))


# Entries as banks write them ----------------------------------------------------------------


def test_without_a_booking_date_the_value_date_is_the_booking_date() -> None:
    text = TEMPLATE.replace("<BookgDt><Dt>2025-10-02</Dt></BookgDt>", "", 1)
    text = text.replace("<ValDt><Dt>2025-10-02</Dt></ValDt>", "<ValDt><Dt>2025-10-03</Dt></ValDt>")
    line = read("no_booking.xml", text).lines[1]
    assert line.booking_date == line.value_date == dt.date(2025, 10, 3)


def test_without_either_date_the_entry_is_refused_with_its_line() -> None:
    text = TEMPLATE.replace("<BookgDt><Dt>2025-10-02</Dt></BookgDt>", "", 1)
    text = text.replace("<ValDt><Dt>2025-10-02</Dt></ValDt>", "", 1)
    error = refused(text)
    assert error.reason == (
        "entry 2: neither the booking date (BookgDt) nor the value date (ValDt) is given"
    )
    assert error.line == line_of(text, "<AcctSvcrRef>KG25100200002") - 6  # its <Ntry>


def test_the_same_reference_on_two_entries_is_read() -> None:
    text = TEMPLATE.replace("<AcctSvcrRef>KG25100200002<", "<AcctSvcrRef>KG25100100001<")
    lines = read("same_reference.xml", text).lines
    assert lines[0].reference == lines[1].reference == "KG25100100001"
    assert lines[0] != lines[1]


def test_a_statement_without_entries_is_a_balance_report() -> None:
    text = re.sub(r"\s*<Ntry>.*</Ntry>", "", TEMPLATE, flags=re.S)
    text = text.replace(">183250.50<", ">10000.00<")
    (statement,) = read("no_entries.xml", text).statements
    assert statement.lines == ()
    assert statement.opening_balance == statement.closing_balance == Decimal("10000.00")


# Refusals in the bank's terms ---------------------------------------------------------------


def test_a_missing_required_element_is_named_with_its_line() -> None:
    text = TEMPLATE.replace(
        "<CdtDbtInd>CRDT</CdtDbtInd>\n        <Dt><Dt>2025-10-09", "<Dt><Dt>2025-10-09"
    )
    error = refused(text)
    assert error.reason == (
        "not a valid camt.053.001.02 document: the element <Bal> lacks the required <CdtDbtInd>"
    )
    assert error.line == line_of(text, "<Cd>CLBD</Cd>") - 1  # its <Bal>


def test_the_lithuanian_sample_is_refused_in_the_banks_terms() -> None:
    error = refused(sample("lt_2024-03-11_v8.xml"))
    assert "the element <Avlbty> lacks the required elements <Dt>, <CdtDbtInd>" in error.reason
    assert error.line == 2
    for library_words in (*INTERNAL, "CashAvailability1", "argument"):
        assert library_words not in error.reason


def test_an_unknown_element_and_a_bad_code_are_named_with_their_lines() -> None:
    text = TEMPLATE.replace("<Sts>BOOK</Sts>", "<Sts>BOOK</Sts>\n<Bonus/>", 1)
    error = refused(text)
    assert "the element <Bonus> is not part of <Ntry> in this format" in error.reason
    assert error.line == line_of(text, "<Bonus/>")
    # the parent as the file names it, though the schema's type of <Dbtr> is shared
    text = TEMPLATE.replace("<Nm>ОсОО «Түндүк Курулуш»</Nm>", "<Nm>ОсОО</Nm>\n<Bad/>")
    error = refused(text)
    assert "the element <Bad> is not part of <Dbtr> in this format" in error.reason
    assert error.line == line_of(text, "<Bad/>")
    text = TEMPLATE.replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>DEBIT</CdtDbtInd>", 1)
    error = refused(text)
    assert "the element <CdtDbtInd> holds “DEBIT”, which is not one of CRDT, DBIT" in error.reason
    assert error.line == line_of(text, "<CdtDbtInd>DEBIT")


# Real samples' values -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "account", "opening", "closing", "lines"),
    [
        ("fi_camt053_sample.xml", "FI7433010001222090", "10000.00", "23644.83", 13),
        ("railslove_valid_example.xml", "DE14740618130000033626", "33.06", "23.06", 5),
        ("kedder_davider80_v4.xml", "CHxxxxxxxxxxxxxxxxxxx", "9433.31", "5753.46", 16),
    ],
)
def test_real_samples_are_read_exactly(
    name: str, account: str, opening: str, closing: str, lines: int
) -> None:
    (statement,) = read(name, sample(name)).statements
    assert statement.account == account
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal(opening),
        Decimal(closing),
    )
    assert len(statement.lines) == lines


def test_value_dated_balances_hold_an_entry_valued_after_them() -> None:
    """PostFinance states CLBD by value date; the entry valued the next day is in FWAV."""
    (statement,) = read("pf.xml", sample("postfinance_ch_camt053.xml")).statements
    assert statement.account == "CH2909000000250094239"
    assert statement.opening_balance == Decimal("211993.19")
    assert statement.closing_balance == Decimal("216649.21")  # CLBD 215112.21 + 1537.00
    assert len(statement.lines) == 5
