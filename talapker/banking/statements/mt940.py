"""SWIFT MT940 customer statements, as the standard and the banks' format guides write them.

A file holds one or more statements (messages), each opened by `:20:`: several days of one
account, one statement split into pages (`:28C:` 1/1, 1/2 ...), several accounts. Every
statement is returned, in file order.

What may surround the statements (before the first `:20:`, between statements, at the end):
- the SWIFT envelope of each message: `{1:...}{2:...}{3:...}{4:` before the text,
  `-}` and trailers `{5:...}` after it, on one line or several, message after message;
- the first lines banks' own software writes: a BIC (`ABNANL2A`), the message type (`940`,
  `940 00`, `:940:`), a record header (`0000 01INGBNL2AXXXX00001`), `-` or `-XXX` ending a
  message, `$` between messages (SWIFT's RJE files), blank lines;
- transmission framing: SOH (0x01) before a message, ETX (0x03) after one, a DOS end-of-file
  byte (0x1A) at the end (taken away where it frames a message when the text is decoded,
  `encoding.decode_text`; anywhere else a control byte is refused).
Any other text there is refused with its line: it is not a header a bank writes.

Inside a statement: `:20:` reference, `:25:` account (kept as written, trailing blanks
dropped), `:28C:` or the older `:28:` statement/page number (`5/1`, `00084/001`, ` /1`,
`0`), `:60F:`/`:60M:` opening and `:62F:`/`:62M:` closing balance (one each: a page may open
and close with intermediate balances), between them `:61:` lines each optionally followed by
`:86:` details (several `:86:` are read as one); after the closing balance `:64:` and `:65:`
available balances (checked for form, not used) and `:86:` information to the account owner
(not a line). Fields that carry no bookings (`:21:`, `:13:`, `:13D:`, `:34F:`, `:90C:`,
`:90D:`, `:NS:`) are ignored; any other tag is refused, naming it and its line.

`:61:` is `6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]` with a second line of supplementary details,
read as banks write it: a space or a line break before the amount or the type (`D12,35
NRTI`), a type written with a space (`NOV `) or not at all (`D20,00NONREF`, `N220000,00//1`),
the funds code letter after the mark (`CR`, `DD`, `RCR`), a customer reference longer than
16 characters (an IBAN; up to the 64 stored) or none, and Rabobank's counterparty name after a
run of blanks (not part of the reference). `C`
and `RD` are money in, `D` and `RC` money out. The booking date is the entry date if given
(its year taken from the value date, across a new year), else the value date. The reference
is the bank reference after `//`, else the customer reference, else "" (`NONREF` is none);
`references` holds both as written (customer, bank). A statement with no `:61:` is a balance
report: it is returned with no lines.

Refused: a field whose content does not have its form (dates that do not exist, amounts with
'.', a third decimal, more than 15 characters), a statement without its account or balances
or with lines outside them, mixed currencies, and everything `checks.validate` refuses.
`:86:` details are read by the dialects in `mt940_details`, because each bank writes them its
own way.

Every field is read here, by the patterns above, and not by the `mt-940` library any more: its
`:61:` pattern cuts the customer reference at 16 characters and reads `D20,00NONREF` as type
`NONR`, it knows no bank headers, it turns 30 February into 28 February unless told not to,
and reading every field a second time through it, to confirm what was already read, took a
third of the time of a 50,000-line file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from talapker.core.errors import InputError

from .checks import DEFAULT_LIMITS, Limits, check_line_count, money
from .encoding import decode_text
from .model import Statement, StatementLine
from .mt940_details import Details, join_lines, read_details
from .registry import StatementFormat, register

NAME = "mt940"
TAG = re.compile(r":(\d{2}[A-Z]?|NS):")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Sniffing: a tag or the envelope first (after framing, blanks and `-`), or a `:20:` at the
# start of a line further on, behind a bank's header lines (or text, refused with its line).
FIRST_LINE = re.compile(rb"[\x01\s-]*(\{1:|:\d{2}[A-Z]?:|:940:)")
STATEMENT_START = re.compile(rb"[\r\n\x01]:20:")

# The lines a bank's software writes around the statements.
BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
MESSAGE_TYPE = re.compile(r":?940:?(?: \d{2})?")
RECORD_HEADER = re.compile(r"\d{4} \d{2}[A-Z]{6}[A-Z0-9]{6}\d{5}")
MESSAGE_END = ("-", "-XXX", "$")  # `$` separates messages in SWIFT's RJE files
BLOCK_ID = re.compile(r"\{([1-5S]):")

BALANCE = re.compile(r"(?P<mark>[CD])(?P<date>\d{6})(?P<currency>[A-Z]{3})(?P<amount>[\d.,]+)")
# :61: up to the type: value date, entry date (or four blanks), mark, funds code, amount; a
# blank or line break before the amount and before the type.
STATEMENT_LINE = re.compile(
    r"(?P<date>\d{6})(?P<entry>\d{4}| {4})?(?P<mark>RC|RD|C|D)(?P<funds>[A-Z])?[ \n]?"
    r"(?P<amount>[\d.,]+)[ \n]?(?P<type>(?!NONREF)[A-Z][A-Z0-9]{3}|[A-Z][A-Z0-9]{2} )?"
)
STATEMENT_NUMBER = re.compile(r" *\d{0,5}(?:/\d{1,5})? *")
BLANKS = re.compile(r"  +")
REFERENCE_LENGTH = 64  # the longest reference stored (checks.TEXT_LIMITS)
NO_REFERENCE = "NONREF"
# A new year between value and entry date: 31 December booked on 2 January, and back.
YEAR_BOUNDARY_DAYS = 183

OPENING_TAGS = ("60F", "60M")
CLOSING_TAGS = ("62F", "62M")
REQUIRED = {"account": ("25",), "opening": OPENING_TAGS, "closing": CLOSING_TAGS}
SINGLE_TAGS = {"25": "account", "28C": "number", "28": "number", "64": "available"}
SINGLE_TAGS |= dict.fromkeys(OPENING_TAGS, "opening") | dict.fromkeys(CLOSING_TAGS, "closing")
# Fields of MT940 and of banks' variants that carry no bookings: read past.
IGNORED_TAGS = {"13", "13D", "21", "34F", "90C", "90D", "NS"}
KNOWN_TAGS = IGNORED_TAGS | set(SINGLE_TAGS) | {"20", "61", "65", "86"}
SIGNS = {"C": 1, "RD": 1, "D": -1, "RC": -1}


@dataclass(slots=True)
class Tag:
    """One field of a statement: its tag, the physical line it starts on, its text lines."""

    tag: str
    line: int
    lines: list[str]

    @property
    def value(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass(slots=True)
class Message:
    """The fields of one statement, from its `:20:` on."""

    line: int
    tags: list[Tag]


def sniff(data: bytes) -> bool:
    """An MT940 file starts with a tag or the SWIFT envelope `{1:`, or has a `:20:` opening a
    line behind a bank's header lines.

    UTF-16 is recognised too, so that it is refused with its reason rather than as unknown.
    """
    if data.startswith(UTF16_BOMS):
        data = data[2:].replace(b"\x00", b"")
    data = data.removeprefix(b"\xef\xbb\xbf")
    return bool(FIRST_LINE.match(data) or STATEMENT_START.search(data))


def parse(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Statement, ...]:
    """Every statement in an MT940 file, in file order.

    The text is let go once it is cut into fields, and each statement's fields once it is
    read, so that a large file is held about once at a time.
    """
    messages, count = _Scanner(name).scan(decode(name, data))
    check_line_count(name, count, limits)
    messages.reverse()
    statements = []
    while messages:
        statements.append(_statement(name, messages.pop()))
    return tuple(statements)


def decode(name: str, data: bytes) -> str:
    """The file's text with LF line ends: UTF-8, or the code page in which it reads as words
    (`encoding.decode_text`: cp1251, cp866, cp852, cp1250 or latin-1)."""
    return decode_text(name, data)


class _Scanner:
    """Cuts the text into statements and their fields, line by line, keeping line numbers.

    Outside a statement (before the first `:20:`, after the end of a message) only the
    envelope and the header lines banks write may stand; inside one, a line that opens with a
    tag starts a field and any other line continues the field before it. A `-` line ends a
    message, but a field after it still belongs to the statement (some banks' software
    writes `-` between lines); `-}`, `-XXX` and a new envelope or header close it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.messages: list[Message] = []
        self.current: Message | None = None
        self.ended = False  # a `-` line was seen: header lines may follow
        self.envelope_line = 0  # where a `{1:` opened an envelope whose `{4:` is to come
        self.count = 0  # :61: fields

    def scan(self, text: str) -> tuple[list[Message], int]:
        for number, line in enumerate(text.split("\n"), start=1):
            current, first = self.current, line[:1]
            if current and first and first not in ":-{$" and not first.isspace() and not self.ended:
                current.tags[-1].lines.append(line)  # continues a field: the usual case
            else:
                self.feed(line, number)
        if self.envelope_line:
            raise InputError(
                self.name, _("the SWIFT envelope has no text block {4:"), line=self.envelope_line
            )
        if not self.messages:
            raise InputError(self.name, _("no MT940 tags found"))
        return self.messages, self.count

    def feed(self, line: str, number: int) -> None:
        if line.startswith(":"):
            match = TAG.match(line)
            if match:
                self.field(match.group(1), line[match.end() :], number)
                return
        current = self.current
        if current is not None and not self.ended:
            stripped = line.strip()
            if not stripped:
                return
            if stripped == "-":
                self.ended = True
            elif (
                stripped.startswith("-}")
                or stripped in MESSAGE_END
                or stripped == ":940:"
                or line.startswith("{1:")
            ):
                self.outside(line, number)
            else:
                current.tags[-1].lines.append(line)
            return
        self.outside(line, number)

    def field(self, tag: str, rest: str, number: int) -> None:
        if self.envelope_line:
            raise InputError(
                self.name, _("the SWIFT envelope has no text block {4:"), line=self.envelope_line
            )
        if tag == "20":
            self.current = Message(number, [])
            self.messages.append(self.current)
        elif self.current is None:
            raise InputError(
                self.name,
                _(
                    "a statement starts with its transaction reference number (:20:), not "
                    "with :%(tag)s:"
                )
                % {"tag": tag},
                line=number,
            )
        elif tag == "61":
            self.count += 1
        self.ended = False
        self.current.tags.append(Tag(tag, number, [rest]))

    def outside(self, line: str, number: int) -> None:
        """A line outside any statement: envelope, header, end of message, or refused."""
        text = line.strip()
        if text.startswith("-}"):
            self.close()
            self.blocks(text[2:], number)
        elif text in MESSAGE_END:
            self.ended = True
            if text != "-":
                self.close()
        elif text.startswith("{"):
            self.close()
            self.blocks(text, number)
        elif not text:
            return
        elif BIC.fullmatch(text) or MESSAGE_TYPE.fullmatch(text) or RECORD_HEADER.fullmatch(text):
            self.close()
        elif self.messages:
            raise InputError(
                self.name,
                _("'%(text)s' stands outside a statement and is not a header banks write")
                % {"text": _shown(text)},
                line=number,
            )
        else:
            raise InputError(
                self.name,
                _("text before the first MT940 tag: '%(text)s' is not a header banks write")
                % {"text": _shown(text)},
                line=number,
            )

    def close(self) -> None:
        self.current = None
        self.ended = True

    def blocks(self, text: str, number: int) -> None:
        """SWIFT blocks `{1:...}{2:...}{3:{108:...}}`, `{5:...}`; `{4:` opens the text."""
        while text:
            match = BLOCK_ID.match(text)
            if not match:
                raise InputError(
                    self.name,
                    _("'%(text)s' is not a SWIFT block ({1: to {5:)") % {"text": _shown(text)},
                    line=number,
                )
            if match.group(1) == "4":
                self.envelope_line = 0
                rest = text[match.end() :]
                if rest.strip():
                    self.feed(rest, number)
                return
            if match.group(1) == "1":
                self.envelope_line = number
            end = _closing_brace(text)
            if end < 0:
                raise InputError(
                    self.name,
                    _("the SWIFT block %(block)s is not closed with '}'")
                    % {"block": match.group()},
                    line=number,
                )
            text = text[end + 1 :].lstrip()


def _closing_brace(text: str) -> int:
    """Where the block that opens `text` closes (blocks nest: `{3:{108:...}}`), else -1."""
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _shown(text: str) -> str:
    """A value for a message: on one line, and cut if long."""
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:60] + "…"


def _statement(name: str, message: Message) -> Statement:
    """One statement from its fields: structure first, then each field's content."""
    found: dict[str, Tag] = {}
    unknown: Tag | None = None
    for tag in message.tags:
        role = SINGLE_TAGS.get(tag.tag)
        if role is not None:
            if role in found:
                raise InputError(
                    name,
                    _("the %(what)s appears %(count)s times") % {"what": _what(role), "count": 2},
                    line=tag.line,
                    column=f":{tag.tag}:",
                )
            found[role] = tag
        elif unknown is None and tag.tag not in KNOWN_TAGS:
            unknown = tag
    for role, tags in REQUIRED.items():
        if role not in found and not (unknown and unknown.tag[:2] == tags[0][:2]):
            raise InputError(
                name,
                _("the %(what)s (:%(tag)s:) is missing") % {"what": _what(role), "tag": tags[0]},
                line=message.line,
            )
    if unknown is not None:
        raise InputError(
            name,
            _("%(field)s is not an MT940 field") % {"field": f":{unknown.tag}:"},
            line=unknown.line,
        )
    found["reference"] = message.tags[0]
    for role in ("reference", "account", "opening", "closing"):
        if not found[role].value:
            raise InputError(
                name,
                _("the %(what)s is empty") % {"what": _what(role)},
                line=found[role].line,
            )
    number = found.get("number")
    if number is not None and not STATEMENT_NUMBER.fullmatch(number.value or "x"):
        raise InputError(
            name,
            _("the statement number '%(value)s' is not written as number[/page]")
            % {"value": _shown(number.value)},
            line=number.line,
            column=f":{number.tag}:",
        )
    opening, opening_date, currency = _balance(name, found["opening"])
    closing, closing_date, closing_currency = _balance(name, found["closing"])
    if closing_currency != currency:
        raise InputError(
            name,
            _(
                "mixed currencies: the opening balance is in %(opening)s, the closing balance "
                "in %(closing)s"
            )
            % {"opening": currency, "closing": closing_currency},
            line=found["closing"].line,
            column=f":{found['closing'].tag}:",
        )
    lines = _lines(name, message, found, currency)
    return Statement(
        format=NAME,
        account=found["account"].value,
        currency=currency,
        statement_id=found["reference"].value,
        opening_balance=opening,
        opening_date=opening_date,
        closing_balance=closing,
        closing_date=closing_date,
        lines=lines,
        sequence=number.value if number is not None else "",
        source_line=message.line,
    )


def _what(role: str) -> str:
    return {
        "reference": _("transaction reference number"),
        "account": _("account identification"),
        "number": _("statement number"),
        "opening": _("opening balance"),
        "closing": _("closing balance"),
        "available": _("available balance"),
    }[role]


def _lines(
    name: str, message: Message, found: dict[str, Tag], currency: str
) -> tuple[StatementLine, ...]:
    """The statement lines, each with the `:86:` fields that follow it; the available
    balances after the closing balance are checked for form."""
    opening, closing = found["opening"].line, found["closing"].line
    entries: list[tuple[Tag, list[Tag]]] = []
    for tag in message.tags:
        if tag.tag == "61":
            if not opening < tag.line < closing:
                raise InputError(
                    name,
                    _("statement lines must come between the opening and closing balances"),
                    line=tag.line,
                )
            entries.append((tag, []))
        elif tag.tag == "86":
            if entries and tag.line < closing:
                entries[-1][1].append(tag)
        elif tag.tag in ("64", "65"):
            _balance(name, tag)
    return tuple(
        _line(name, number, tag, details, currency)
        for number, (tag, details) in enumerate(entries, start=1)
    )


def _line(name: str, number: int, tag: Tag, details: list[Tag], currency: str) -> StatementLine:
    value = (tag.lines[0] if len(tag.lines) == 1 else "\n".join(tag.lines)).rstrip()
    match = STATEMENT_LINE.match(value)
    rest = value[match.end() :] if match else ""
    first, _newline, supplementary = rest.partition("\n")
    if match and "\n" in supplementary:
        raise InputError(
            name,
            _("the statement line runs over %(count)s lines; :61: has at most two")
            % {"count": value.count("\n") + 1},
            line=tag.line,
            column=":61:",
        )
    if not match or not (match.group("type") or not first or first.startswith(("//", "NONREF"))):
        raise InputError(
            name,
            _(
                "the statement line is not written as YYMMDD[MMDD], C/D/RC/RD, amount, "
                "type, reference[//bank reference]"
            ),
            line=tag.line,
            column=":61:",
        )
    value_date = _day(match.group("date"))
    entry = match.group("entry")
    problem = (
        (_("%(date)s is not a date that exists (YYMMDD)") % {"date": match.group("date")})
        if value_date is None
        else _amount_problem(match.group("amount"))
    )
    booking_date = value_date
    if value_date is not None and entry and entry != "    ":
        booking_date = _entry_date(value_date, entry)
        if booking_date is None:
            problem = _("the entry date %(date)s is not a date that exists (MMDD)") % {
                "date": entry
            }
    if problem:
        raise InputError(name, problem, line=tag.line, column=":61:")
    assert value_date is not None and booking_date is not None
    customer, _slashes, bank = first.partition("//")
    customer = customer.strip()
    if "  " in customer:  # Rabobank: the counterparty's name after the padded reference
        customer = BLANKS.split(customer, 1)[0]
    bank = bank.strip()
    references = tuple(
        dict.fromkeys(r for r in (customer, bank) if r and r.upper() != NO_REFERENCE)
    )
    for reference in references:
        if len(reference) > REFERENCE_LENGTH:
            raise InputError(
                name,
                _("the reference '%(value)s' is longer than the %(most)s characters accepted")
                % {"value": _shown(reference), "most": REFERENCE_LENGTH},
                line=tag.line,
                column=":61:",
            )
    amount = money(Decimal(match.group("amount").replace(",", ".")))
    if SIGNS[match.group("mark")] < 0 and amount:
        amount = -amount
    found = _details(details)
    if bank.upper() == NO_REFERENCE:
        bank = ""
    if customer.upper() == NO_REFERENCE:
        customer = ""
    return StatementLine(
        number=number,
        booking_date=booking_date,
        value_date=value_date,
        amount=amount,
        currency=currency,
        counterparty_name=found.name,
        counterparty_id=found.party_id,
        counterparty_account=found.account,
        reference=bank or customer,
        purpose=found.purpose,
        source_line=tag.line,
        references=references,
    )


def _details(tags: list[Tag]) -> Details:
    """The `:86:` fields of one statement line, read as one."""
    details: Details | None = None
    for tag in tags:
        found = read_details(join_lines(tag.lines, prefix=len(":86:")))
        details = details.merged(found) if details else found
    return details or Details()


@lru_cache(maxsize=4096)
def _day(text: str) -> dt.date | None:
    """YYMMDD as a date of this century, or None if there is no such day."""
    try:
        return dt.date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _entry_date(value_date: dt.date, entry: str) -> dt.date | None:
    """The entry date MMDD in the value date's year, or the year next to it across a new
    year; None if there is no such day."""
    month, day = int(entry[:2]), int(entry[2:])
    for year in (value_date.year, value_date.year + 1, value_date.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if abs((candidate - value_date).days) <= YEAR_BOUNDARY_DAYS:
            return candidate
    try:
        return dt.date(value_date.year, month, day)
    except ValueError:
        return None


def _amount_problem(amount: str) -> str | None:
    if len(amount.lstrip("0")) > 15:  # Rabobank pads balances with zeros to 16 characters
        return _("'%(value)s' is longer than the 15 characters of an MT940 amount") % {
            "value": amount
        }
    if "." in amount:
        return _("'%(value)s': MT940 writes amounts with ',' as the decimal mark") % {
            "value": amount
        }
    whole, comma, decimals = amount.partition(",")
    if not comma or not whole or "," in decimals:
        return _("'%(value)s' is not an amount (digits, one ',' and at most two decimals)") % {
            "value": amount
        }
    if len(decimals) > 2:
        return _("'%(value)s': an amount has at most two decimals") % {"value": amount}
    return None


def _balance(name: str, tag: Tag) -> tuple[Decimal, dt.date, str]:
    """A balance field (`:60a:`, `:62a:`, `:64:`, `:65:`): signed amount, date, currency."""
    match = BALANCE.fullmatch(tag.value)
    if not match:
        raise InputError(
            name,
            _("the balance '%(value)s' is not written as C or D, YYMMDD, currency, amount")
            % {"value": _shown(tag.value)},
            line=tag.line,
            column=f":{tag.tag}:",
        )
    when = _day(match.group("date"))
    problem = (
        (_("%(date)s is not a date that exists (YYMMDD)") % {"date": match.group("date")})
        if when is None
        else _amount_problem(match.group("amount"))
    )
    if problem:
        raise InputError(name, problem, line=tag.line, column=f":{tag.tag}:")
    assert when is not None
    amount = money(Decimal(match.group("amount").replace(",", ".")))
    return (
        (-amount if match.group("mark") == "D" and amount else amount),
        when,
        match.group("currency"),
    )


register(StatementFormat(NAME, sniff, parse, "SWIFT MT940"))
