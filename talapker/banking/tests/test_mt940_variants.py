"""MT940 as real banks write it (issue 13): headers and envelopes around the statements,
several statements in one file, old and variant tags, `:61:` written every way banks write
it, statements without movement; and what is still refused, with its reason and line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from talapker.banking.statements import detect_format, parse_statement
from talapker.banking.statements.model import Statement
from talapker.banking.statements.mt940 import parse
from talapker.banking.tests.bank_samples import needs_samples, sample
from talapker.core.errors import InputError

TODAY = dt.date(2026, 12, 6)

BODY = """:20:ST251009
:25:1350100012345678
:28C:117/1
:60F:C250930KGS1000,00
:61:2510011001C500,00NTRFNONREF//KG251001
:86:/NAME/Айгүл/PURP/Взнос
:61:2510021002D200,50NCHGPP-17
:86:Комиссия
:62F:C251002KGS1299,50
-
"""


def read(text: str | bytes) -> tuple[Statement, ...]:
    """The statements the MT940 reader finds (the checks every format passes are not run)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse("test.sta", data)


def refused(text: str | bytes) -> InputError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        parse_statement("test.sta", data, today=TODAY)
    return caught.value


def statement(
    reference: str = "ST251009",
    account: str = "1350100012345678",
    number: str = ":28C:117/1",
    opening: str = ":60F:C250930KGS1000,00",
    lines: str = "",
    closing: str = ":62F:C251002KGS1000,00",
) -> str:
    return f":20:{reference}\n:25:{account}\n{number}\n{opening}\n{lines}{closing}\n"


def assert_body(statements: tuple[Statement, ...]) -> None:
    """`statements` is BODY read exactly."""
    (only,) = statements
    assert only.account == "1350100012345678"
    assert only.statement_id == "ST251009"
    assert only.sequence == "117/1"
    assert (only.opening_balance, only.opening_date) == (Decimal("1000.00"), dt.date(2025, 9, 30))
    assert (only.closing_balance, only.closing_date) == (Decimal("1299.50"), dt.date(2025, 10, 2))
    assert only.currency == "KGS"
    assert [line.amount for line in only.lines] == [Decimal("500.00"), Decimal("-200.50")]
    assert [line.reference for line in only.lines] == ["KG251001", "PP-17"]
    assert only.lines[0].counterparty_name == "Айгүл"
    assert only.lines[1].purpose == "Комиссия"


# 1. What stands before, between and after the statements ------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "ABNANL2A\n940\nABNANL2A\n",  # ABN AMRO, bunq
        "0000 01INGBNL2AXXXX00001\n0000 01INGBNL2AXXXX00001\n940 00\n",  # ING, Van Lanschot
        ":940:\n",  # Rabobank
        "\x01\n",  # start of heading (mBank)
        "\x01",
        "-\n",  # Sparkasse
        "\n\n",
        "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:\n",
        "{1:F01INGBNL2ABXXX0000000000}\n{2:I940INGBNL2AXXXN}\n{4:\n",
        "\x01{1:F01POFICHBEAXXX0000000000}{2:I940XXXXXXXXXXXXN}{3:{108:140407CH00000000}}{4:\n",
    ],
    ids=[
        "abn",
        "ing",
        "rabobank",
        "soh-line",
        "soh",
        "dash",
        "blank",
        "envelope",
        "blocks-apart",
        "soh-envelope-nested",
    ],
)
def test_a_banks_header_before_the_first_statement_is_read_past(header: str) -> None:
    data = (header + BODY).encode("utf-8")
    assert detect_format("test.sta", data).name == "mt940"
    assert_body(read(data))
    (only,) = parse_statement("test.sta", data, today=TODAY).statements
    assert only.lines[0].source_line == header.count("\n") + 5


@pytest.mark.parametrize(
    "trailer",
    ["\x1a", "\x03", "\x03\x1a\x1a\r\n", "-XXX\n", "$\n", "\n\n"],
    ids=["dos-eof", "etx", "etx-eof", "ing-end", "rje-separator", "blank"],
)
def test_framing_and_end_marks_after_the_last_statement_are_read_past(trailer: str) -> None:
    assert_body(read(BODY + trailer))


def test_swift_messages_one_after_another_each_in_its_envelope() -> None:
    first = statement(reference="A1", number=":28C:1/1", closing=":62M:C251002KGS1000,00")
    second = statement(
        reference="A2",
        number=":28C:1/2",
        opening=":60M:C251002KGS1000,00",
        closing=":62F:C251002KGS1000,00",
    )
    head = "{1:F01KNABNL2HAXXX0000000000}{2:I940KNABNL2HXXXXN3020}{4:\r\n"
    data = (
        head
        + first.replace("\n", "\r\n")
        + "-}{5:{MAC:00000000}{CHK:000000000000}}\x03\x01"
        + head
        + second.replace("\n", "\r\n")
        + "-}\x03\r\n\x1a"
    ).encode("ascii")
    one, two = read(data)
    assert (one.statement_id, one.sequence, one.source_line) == ("A1", "1/1", 2)
    assert (two.statement_id, two.sequence, two.source_line) == ("A2", "1/2", 8)


def test_the_text_block_may_open_on_the_envelopes_line() -> None:
    assert_body(
        read("{1:F01AIYLKG22AXXX0000000000}{2:O940AIYLKG22XXXXN}{4::20:ST251009\n" + BODY[13:])
    )


def test_messages_with_their_own_headers_one_after_another() -> None:
    header = "ABNANL2A\n940\nABNANL2A\n"
    data = header + BODY + header + BODY.replace(":28C:117/1", ":28C:118/1")
    one, two = read(data)
    assert (one.sequence, two.sequence) == ("117/1", "118/1")
    assert two.source_line == 2 * 3 + BODY.count("\n") + 1


def test_prose_before_the_first_statement_is_refused_naming_its_line() -> None:
    error = refused("This is an example file\n\n-----\n" + BODY)
    assert error.line == 1
    assert "text before the first MT940 tag: 'This is an example file'" in error.reason


def test_text_inside_the_envelope_before_the_first_field_is_refused() -> None:
    error = refused("{1:F01AIYLKG22AXXX0000000000}{4:\nВыписка по счёту\n" + BODY)
    assert error.line == 2
    assert "text before the first MT940 tag" in error.reason


def test_text_between_two_statements_is_refused_naming_its_line() -> None:
    error = refused(BODY + "Page 2\n" + BODY)
    assert error.line == BODY.count("\n") + 1
    assert "'Page 2' stands outside a statement" in error.reason


def test_an_envelope_without_its_text_block_is_refused() -> None:
    error = refused("{1:F01AIYLKG22AXXX0000000000}{2:O940}\n" + BODY)
    assert (error.line, error.reason) == (1, "the SWIFT envelope has no text block {4:")


def test_an_unclosed_swift_block_is_refused() -> None:
    error = refused("{1:F01AIYLKG22AXXX0000000000{4:\n" + BODY)
    assert "the SWIFT block {1: is not closed" in error.reason


def test_a_statement_must_open_with_its_reference() -> None:
    error = refused(BODY.replace(":20:ST251009\n", ""))
    assert error.line == 1
    assert "(:20:), not with :25:" in error.reason


def test_a_control_byte_inside_the_text_is_still_refused() -> None:
    error = refused(BODY.replace("Комиссия", "Ком\x1aиссия"))
    assert "U+001A" in error.reason


# 2. Several statements in one file -----------------------------------------------------------


def test_several_days_of_one_account() -> None:
    days = "".join(
        statement(
            reference=f"D{day}",
            number=f":28C:{day}/1",
            opening=f":60F:C2510{day:02d}KGS{day},00",
            lines=f":61:2510{day:02d}C1,00NTRFNONREF//R{day}\n:86:Взнос\n",
            closing=f":62F:C2510{day:02d}KGS{day + 1},00",
        )
        + "-\n"
        for day in (1, 2, 3)
    )
    statements = parse_statement("days.sta", days.encode(), today=TODAY).statements
    assert [s.statement_id for s in statements] == ["D1", "D2", "D3"]
    assert [s.closing_balance for s in statements] == [Decimal(2), Decimal(3), Decimal(4)]
    assert [[line.number for line in s.lines] for s in statements] == [[1], [1], [1]]
    assert [s.lines[0].reference for s in statements] == ["R1", "R2", "R3"]


def test_one_statement_in_pages_with_intermediate_balances() -> None:
    pages = statement(
        number=":28C:5/1",
        lines=":61:2510011001C10,00NTRFNONREF\n",
        closing=":62M:C251001KGS1010,00",
    ) + statement(
        number=":28C:5/2",
        opening=":60M:C251001KGS1010,00",
        lines=":61:2510021002D5,00NTRFNONREF\n",
        closing=":62F:C251002KGS1005,00",
    )
    first, second = parse_statement("pages.sta", pages.encode(), today=TODAY).statements
    assert (first.sequence, second.sequence) == ("5/1", "5/2")
    assert (first.closing_balance, second.opening_balance) == (Decimal(1010), Decimal(1010))
    assert (first.lines[0].amount, second.lines[0].amount) == (Decimal(10), Decimal(-5))


def test_several_accounts_in_one_file() -> None:
    data = statement(account="1350100012345678") + statement(account="1240000000000001")
    result = parse_statement("accounts.sta", data.encode(), today=TODAY)
    assert result.accounts == ("1350100012345678", "1240000000000001")


def test_the_same_statement_twice_in_one_file_is_two_statements() -> None:
    assert len(read(BODY + BODY)) == 2


def test_information_after_the_closing_balance_belongs_to_the_statement_not_a_line() -> None:
    data = BODY.replace(
        ":62F:C251002KGS1299,50\n",
        ":62F:C251002KGS1299,50\n:64:C251002KGS1299,50\n:86:D000001C000001D200,50C500,00\n"
        "\u00adXXX\n",
    )
    assert_body(read(data))


# 5. Old and variant tags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "sequence"),
    [
        (":28:19321/1", "19321/1"),
        (":28:1", "1"),
        (":28C: /1", "/1"),
        (":28C:0", "0"),
        (":28C:00215/00129", "00215/00129"),
        (":28C:00084/001 ", "00084/001"),
        (":21:NONREF\n:28C:1", "1"),
    ],
)
def test_statement_numbers_as_banks_write_them(field: str, sequence: str) -> None:
    assert read(statement(number=field))[0].sequence == sequence


def test_a_statement_number_may_be_left_out() -> None:
    assert read(statement(number=":21:NONREF"))[0].sequence == ""


def test_a_statement_number_that_is_not_a_number_is_refused() -> None:
    error = refused(statement(number=":28C:ABC"))
    assert (error.line, error.column) == (3, ":28C:")
    assert "'ABC' is not written as number[/page]" in error.reason


def test_available_balances_are_read_for_form_and_not_used() -> None:
    data = BODY.replace(
        ":62F:C251002KGS1299,50\n",
        ":62F:C251002KGS1299,50\n:64:C251002KGS1299,50\n:65:C251003KGS1299,50\n:65:D251004KGS0,\n",
    )
    assert_body(read(data))


def test_a_malformed_available_balance_is_refused_with_its_line() -> None:
    data = BODY.replace("-\n", ":65:C251003KGS1.299,50\n-\n")
    error = refused(data)
    assert (error.line, error.column) == (10, ":65:")
    assert "',' as the decimal mark" in error.reason


def test_fields_that_carry_no_bookings_are_read_past() -> None:
    extra = ":NS:22 some bank text\n:13D:2510021800+0600\n:34F:KGSD0,\n:90D:1KGS200,50\n"
    extra += ":90C:1KGS500,00\n:13:2510021800\n"
    assert_body(read(BODY.replace(":60F:", extra + ":60F:")))


def test_an_unknown_tag_is_refused_naming_it_and_its_line() -> None:
    error = refused(BODY.replace(":62F:", ":99X:hello\n:62F:"))
    assert (error.line, error.reason) == (9, ":99X: is not an MT940 field")


def test_a_statement_without_closing_balance_is_refused_for_that() -> None:
    """Oldenburgische Landesbank's faulty export: no `:62F:`, and a `:65F:` with `null` for
    date and currency; the missing closing balance is what makes it unreadable."""
    text = statement(lines=":61:2510011001C230,00N051NONREF\n", closing=":65F:Dnullnull7414,3")
    error = refused(text)
    assert (error.line, error.reason) == (1, "the closing balance (:62F:) is missing")


def test_a_misnamed_closing_balance_is_refused_naming_the_tag() -> None:
    error = refused(statement(closing=":62X:C251002KGS1000,00"))
    assert (error.line, error.reason) == (5, ":62X: is not an MT940 field")


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        ((":25:1350100012345678\n", ""), 1, "the account identification (:25:) is missing"),
        ((":60F:C250930KGS1000,00\n", ""), 1, "the opening balance (:60F:) is missing"),
        ((":62F:C251002KGS1299,50\n", ""), 1, "the closing balance (:62F:) is missing"),
        ((":28C:117/1\n", ":28C:117/1\n:25:1\n"), 4, "the account identification appears 2"),
        (
            (":62F:C251002KGS1299,50\n", ":62F:C251002KGS1299,50\n:62F:C251002KGS1299,50\n"),
            10,
            "the closing balance appears 2",
        ),
        ((":60F:C250930KGS", ":60F:C25093KGS"), 4, "is not written as C or D, YYMMDD"),
        ((":20:ST251009", ":20: "), 1, "the transaction reference number is empty"),
        ((":25:1350100012345678", ":25:"), 2, "the account identification is empty"),
        ((":62F:C251002KGS", ":62F:C251002USD"), 9, "mixed currencies"),
        (
            (":62F:C251002KGS1299,50\n", ":62F:C251002KGS1299,50\n:61:251002C1,00NTRF\n"),
            10,
            "between the opening and closing",
        ),
    ],
)
def test_a_statement_missing_or_repeating_its_frame_is_refused(
    change: tuple[str, str], line: int, reason: str
) -> None:
    error = refused(BODY.replace(*change))
    assert error.line == line
    assert reason in error.reason


# 6. A statement without movement --------------------------------------------------------------


def test_a_statement_with_no_lines_is_a_balance_report() -> None:
    data = statement(opening=":60F:C251002KGS1000,00", closing=":62F:C251002KGS1000,00")
    (only,) = parse_statement("report.sta", data.encode(), today=TODAY).statements
    assert only.lines == ()
    assert only.opening_balance == only.closing_balance == Decimal(1000)


def test_a_balance_report_between_days_with_movement() -> None:
    quiet = statement(reference="Q", closing=":62F:C251002KGS1000,00\n:64:C251002KGS1000,00")
    assert [len(s.lines) for s in read(BODY + quiet + BODY)] == [2, 0, 2]


# 4. `:61:` as banks write it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "amount", "booked", "valued", "references"),
    [
        (
            "2510011001C500,00NTRFNONREF//KG251001",
            "500.00",
            "2025-10-01",
            "2025-10-01",
            ("KG251001",),
        ),
        ("2510011001D12,35 NRTINONREF", "-12.35", "2025-10-01", "2025-10-01", ()),  # blank
        ("251001C25,03NOV NONREF", "25.03", "2025-10-01", "2025-10-01", ()),  # ING's `NOV `
        ("251001D1,11NGT TMG TANGO", "-1.11", "2025-10-01", "2025-10-01", ("TMG TANGO",)),
        (
            "2510011001D65,00NOVBNL47INGB9999999999\nhr gjlm paulissen",
            "-65.00",
            "2025-10-01",
            "2025-10-01",
            ("NL47INGB9999999999",),
        ),  # ASN: an IBAN, 18 characters
        (
            "2510011001CN220000,00//19239782213",
            "220000.00",
            "2025-10-01",
            "2025-10-01",
            ("19239782213",),
        ),  # Zenith: funds code, no type, no customer reference
        ("2510011001D20,00NONREF", "-20.00", "2025-10-01", "2025-10-01", ()),  # Penta: no type
        ("2510011001DR\n119,35NDDTNONREF", "-119.35", "2025-10-01", "2025-10-01", ()),
        ("2510011001DR 20,00N037NONREF", "-20.00", "2025-10-01", "2025-10-01", ()),
        (
            "251001CF2066637,00N527\nCsoportos atutalas",
            "2066637.00",
            "2025-10-01",
            "2025-10-01",
            (),
        ),  # Raiffeisen: no customer reference, details on the second line
        ("2510011001DD3245,NMSC21038855", "-3245.00", "2025-10-01", "2025-10-01", ("21038855",)),
        ("2510011001RCR204,88NRTINONREF", "-204.88", "2025-10-01", "2025-10-01", ()),
        ("2510011002RD800,NSTONONREF//55555", "800.00", "2025-10-02", "2025-10-01", ("55555",)),
        (
            "251001D000000001213,28N0440121470966      W.P. Jansen               ",
            "-1213.28",
            "2025-10-01",
            "2025-10-01",
            ("0121470966",),
        ),  # Rabobank: name after the blanks
        (
            "2510011001C79,7FMSC01916//NONREF\n20131209007602198765432000000012",
            "79.70",
            "2025-10-01",
            "2025-10-01",
            ("01916",),
        ),
        (
            "2510011001D192,36NTRFNONREF//14237654096217\n/TRCD/00100/",
            "-192.36",
            "2025-10-01",
            "2025-10-01",
            ("14237654096217",),
        ),
        (
            "2510011001C1,00FTRFREF 25611247//8327000090031790 ",
            "1.00",
            "2025-10-01",
            "2025-10-01",
            ("REF 25611247", "8327000090031790"),
        ),
        (
            "2510011001C1,00NTRFKREF+//202102040007693",
            "1.00",
            "2025-10-01",
            "2025-10-01",
            ("KREF+", "202102040007693"),
        ),
        ("2512310102C1,00NTRFX", "1.00", "2026-01-02", "2025-12-31", ("X",)),  # a new year
        ("2601021231C1,00NTRFX", "1.00", "2025-12-31", "2026-01-02", ("X",)),
        ("251001    C1,00NTRFX", "1.00", "2025-10-01", "2025-10-01", ("X",)),  # blank entry
        ("2510011001C0,NTRFX", "0.00", "2025-10-01", "2025-10-01", ("X",)),
    ],
)
def test_statement_lines_as_banks_write_them(
    line: str, amount: str, booked: str, valued: str, references: tuple[str, ...]
) -> None:
    (only,) = read(statement(lines=f":61:{line}\n:86:Взнос\n"))
    (parsed,) = only.lines
    assert str(parsed.amount) == amount
    assert (str(parsed.booking_date), str(parsed.value_date)) == (booked, valued)
    assert parsed.references == references
    assert parsed.reference == (references[-1] if references else "")
    assert parsed.purpose == "Взнос"
    assert (parsed.number, parsed.source_line, parsed.currency) == (1, 5, "KGS")


def test_the_bank_reference_comes_first_the_customer_reference_else() -> None:
    (only,) = read(statement(lines=":61:251001C1,00NTRFCUST1//BANK1\n:61:251001C1,00NTRFCUST2\n"))
    assert [line.reference for line in only.lines] == ["BANK1", "CUST2"]
    assert [line.references for line in only.lines] == [("CUST1", "BANK1"), ("CUST2",)]


def test_lines_without_references_pass_every_check() -> None:
    lines = ":61:2510011001C1,00NTRFNONREF\n:61:2510011001C1,00NTRFNONREF\n"
    data = statement(lines=lines, closing=":62F:C251002KGS1002,00")
    (only,) = parse_statement("nonref.sta", data.encode(), today=TODAY).statements
    assert [(line.reference, line.references) for line in only.lines] == [("", ())] * 2


def test_several_details_fields_of_one_line_are_read_as_one() -> None:
    lines = ":61:251001C1,00N044NONREF\n:86:BETALINGSKENM. 123\n:86:FACTUUR 987\n"
    (only,) = read(statement(lines=lines))
    assert only.lines[0].purpose == "BETALINGSKENM. 123 FACTUUR 987"


def test_details_before_the_first_line_are_information_for_the_statement() -> None:
    data = statement(lines=":86:For your information\n:61:251001C1,00NTRFX\n:86:Взнос\n")
    (only,) = read(data)
    assert [line.purpose for line in only.lines] == ["Взнос"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("2502301001C1,00NTRFX", "250230 is not a date that exists (YYMMDD)"),
        ("2510011301C1,00NTRFX", "the entry date 1301 is not a date that exists (MMDD)"),
        ("2510011001C1.00NTRFX", "'1.00': MT940 writes amounts with ',' as the decimal mark"),
        ("2510011001C1,001NTRFX", "'1,001': an amount has at most two decimals"),
        ("2510011001C1NTRFX", "'1' is not an amount"),
        ("2510011001C1234567890123,45NTRFX", "longer than the 15 characters"),
        ("2510011001c1,00NTRFX", "is not written as YYMMDD[MMDD], C/D/RC/RD, amount"),
        ("2510011001C1,00ntrfX", "is not written as YYMMDD[MMDD], C/D/RC/RD, amount"),
        ("2510011001C1,00NTRFX\nsupplementary\nmore", ":61: has at most two"),
        ("2510011001C1,00NTRF" + "X" * 65, "is longer than the 64 characters accepted"),
    ],
)
def test_a_statement_line_that_is_not_readable_is_refused_with_its_line(
    line: str, reason: str
) -> None:
    error = refused(statement(lines=f":86:Info\n:61:{line}\n:86:Взнос\n"))
    assert (error.line, error.column) == (6, ":61:")
    assert reason in error.reason


def test_the_30th_of_february_in_a_balance_is_refused() -> None:
    error = refused(statement(closing=":62F:C250230KGS1000,00"))
    assert (error.line, error.column) == (5, ":62F:")
    assert "250230 is not a date that exists" in error.reason


# The real banks' samples, as the MT940 reader reads them -------------------------------------

# file: (statements, lines); whether the balances add up is `checks`' business, not the reader's
READ = {
    "mt940/abnamro_jejik.sta": (2, 10),
    "mt940/abnamro_rs.sta": (2, 4),
    "mt940/asn_0708271685.sta": (31, 8),
    "mt940/asn_php.sta": (7, 3),
    "mt940/bunq.sta": (1, 111),
    "mt940/cmxl_dem.sta": (3, 16),
    "mt940/deutschebank_core5401.sta": (1, 1),
    "mt940/deutschebank_zl.sta": (1, 2),
    "mt940/dresdner_sepa_mt9401.sta": (26, 97),
    "mt940/ing_iban_zl.sta": (1, 21),
    "mt940/ing_php.sta": (1, 7),
    "mt940/knab_php.sta": (1, 5),
    "mt940/knab_two_blocks.sta": (2, 3),
    "mt940/komercijalna_mk2.sta": (1, 7),
    "mt940/lbbw.sta": (1, 2),
    "mt940/mbank.sta": (1, 3),
    "mt940/penta.sta": (1, 30),
    "mt940/postfinance_jejik.sta": (2, 4),
    "mt940/postfinance_php.sta": (2, 4),
    "mt940/rabobank_jejik.sta": (4, 5),
    "mt940/rabobank_structured_zl.sta": (2, 9),
    "mt940/raiffeisen_hu_cmi.sta": (1, 7),
    "mt940/sparkasse_buxtehude.sta": (1, 3),
    "mt940/sparkasse_interim.sta": (3, 2),
    "mt940/sparkasse_php.sta": (4, 10),
    "mt940/triodos_iban2.sta": (1, 4),
    "mt940/triodos_jejik.sta": (1, 2),
    "mt940/vanlanschot.sta": (3, 4),
    "mt940/zenith_ng.sta": (1, 8),
}


@needs_samples
@pytest.mark.parametrize(("file", "counts"), READ.items(), ids=list(READ))
def test_every_statement_of_a_real_banks_file_is_read(file: str, counts: tuple[int, int]) -> None:
    statements = parse(file, sample(file))
    assert (len(statements), sum(len(s.lines) for s in statements)) == counts
    for one in statements:
        assert one.account and one.currency and one.opening_date and one.closing_date
        assert [line.number for line in one.lines] == list(range(1, len(one.lines) + 1))


@needs_samples
@pytest.mark.parametrize(
    ("file", "line", "reason"),
    [
        ("control/ctl_february_30.sta", 6, "160230 is not a date that exists"),
        ("control/ctl_sepa_snippet_broken.sta", 6, "the account identification appears 2 times"),
        ("mt940/olb_k4262927.sta", 1, "the closing balance (:62F:) is missing"),
        ("mt940/danske_dk.sta", 1, "text before the first MT940 tag"),
        ("mt940/danske_no.sta", 1, "text before the first MT940 tag"),
    ],
)
def test_a_broken_real_file_is_refused_for_what_is_broken(
    file: str, line: int, reason: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse(file, sample(file))
    assert caught.value.line == line
    assert reason in caught.value.reason


@needs_samples
def test_a_line_booked_after_the_closing_balance_still_fails_the_balances() -> None:
    with pytest.raises(InputError) as caught:
        parse_statement("deutschebank_zl.sta", sample("mt940/deutschebank_zl.sta"))
    assert "the balances do not add up" in caught.value.reason


@needs_samples
def test_values_of_real_lines_come_out_as_the_bank_wrote_them() -> None:
    (ing,) = parse("ing_php.sta", sample("mt940/ing_php.sta"))
    assert ing.lines[2].reference == "TMG TANGO"
    assert ing.lines[6].booking_date == dt.date(2010, 7, 21)
    assert ing.lines[6].value_date == dt.date(2010, 7, 22)
    drs = parse("dresdner.sta", sample("mt940/dresdner_sepa_mt9401.sta"))
    assert drs[0].opening_balance == Decimal("-1234718.36")
    assert [str(line.amount) for line in drs[0].lines][-2:] == ["-204.88", "-999946.95"]
    pages = parse("postfinance.sta", sample("mt940/postfinance_php.sta"))
    assert [(p.sequence, p.opening_balance, p.closing_balance) for p in pages] == [
        ("999/1", Decimal("0.00"), Decimal("229.20")),
        ("999/2", Decimal("229.20"), Decimal("159.60")),
    ]
