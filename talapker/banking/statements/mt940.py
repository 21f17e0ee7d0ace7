"""SWIFT MT940 customer statements.

The file is decoded (UTF-8, or cp1251/cp866 as detected by charset-normalizer: CIS banks put
Cyrillic into `:86:` in their code page), stripped of a SWIFT envelope (`{1:...}{4:` ...
`-}`), and scanned tag by tag so that every refusal names its physical line. The `mt940`
package then reads balances and statement lines; `:86:` details are read here, by the
dialects in `mt940_details`, because each bank writes them its own way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import mt940.models
from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from talapker.core.errors import InputError

from .checks import DEFAULT_LIMITS, Limits, check_line_count, money
from .model import Statement, StatementLine
from .mt940_details import Details, join_lines, read_details
from .registry import StatementFormat, register

NAME = "mt940"
TAG = re.compile(r":(\d{2}[A-Z]?|NS):")
FIRST_LINE = re.compile(rb"\s*(\{1:|:\d{2}[A-Z]?:)")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BALANCE = re.compile(r"(?P<mark>[CD])(?P<date>\d{6})(?P<currency>[A-Z]{3})(?P<amount>[\d.,]+)")
# 6!n[4!n]2a[1!a]15d1!a3!c16x[//16x] on the first line; supplementary details on a second.
STATEMENT_LINE = re.compile(
    r"(?P<date>\d{6})(?P<entry>\d{4})?(?P<mark>R?[CD])[A-Z]?(?P<amount>[\d.,]+)"
    r"(?P<type>[A-Z][A-Z0-9]{3})(?P<customer>(?:(?!//).){0,16})(?://(?P<bank>.{0,23}))?"
)
STATEMENT_NUMBER = re.compile(r"\d{1,5}(?:/\d{1,5})?")
# The fields of an MT940 message (SWIFT), and :NS: (non-SWIFT) that some banks add.
KNOWN_TAGS = {"13D", "20", "21", "25", "28C", "34F", "60F", "60M", "61", "62F", "62M"}
KNOWN_TAGS |= {"64", "65", "86", "90C", "90D", "NS"}
LIBRARY_TAGS = {"20", "25", "60F", "60M", "61", "62F", "62M"}
OPENING_TAGS = ("60F", "60M")
CLOSING_TAGS = ("62F", "62M")
CODE_PAGES = ["cp1251", "cp866"]
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
NO_REFERENCE = "NONREF"


@dataclass
class Tag:
    """One field of the message: its tag, the physical line it starts on, its text lines."""

    tag: str
    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def value(self) -> str:
        return "\n".join(self.lines).strip()


def sniff(data: bytes) -> bool:
    """An MT940 file starts with a tag such as `:20:`, or with the SWIFT envelope `{1:`.

    UTF-16 is recognised too, so that it is refused with its reason rather than as unknown.
    """
    if data.startswith(UTF16_BOMS):
        data = data[2:].replace(b"\x00", b"")
    return bool(FIRST_LINE.match(data.removeprefix(b"\xef\xbb\xbf")))


def parse(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Statement:
    """The statement in an MT940 file (one statement of one account)."""
    text = strip_envelope(name, decode(name, data))
    tags = scan(name, text)
    statement_lines = [tag for tag in tags if tag.tag == "61"]
    check_line_count(name, len(statement_lines), limits)
    header = _check_structure(name, tags)
    for tag in tags:
        _check_tag(name, tag)
    transactions = _read_with_library(name, tags)
    if len(transactions) != len(statement_lines):
        raise InputError(
            name,
            _("%(found)s :61: lines found, but %(read)s could be read")
            % {"found": len(statement_lines), "read": len(transactions)},
        )
    opening, opening_date, currency = _balance(name, header["opening"])
    closing, closing_date, closing_currency = _balance(name, header["closing"])
    if closing_currency != currency:
        raise InputError(
            name,
            _(
                "mixed currencies: the opening balance is in %(opening)s, the closing balance "
                "in %(closing)s"
            )
            % {"opening": currency, "closing": closing_currency},
            line=header["closing"].line,
            column=f":{header['closing'].tag}:",
        )
    details = _details_by_line(tags)
    lines = tuple(
        _line(name, number, tag, transaction, currency, details.get(tag.line, Details()))
        for number, (tag, transaction) in enumerate(
            zip(statement_lines, transactions, strict=True), start=1
        )
    )
    return Statement(
        format=NAME,
        account=header["account"].value,
        currency=currency,
        statement_id=header["reference"].value,
        opening_balance=opening,
        opening_date=opening_date,
        closing_balance=closing,
        closing_date=closing_date,
        lines=lines,
    )


def decode(name: str, data: bytes) -> str:
    """The file's text: UTF-8 if it is UTF-8, else cp1251 or cp866, whichever reads as text."""
    if data.startswith(UTF16_BOMS):
        raise InputError(
            name, _("the file is UTF-16 text; MT940 is read as UTF-8, cp1251 or cp866")
        )
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        try:
            best = from_bytes(data, cp_isolation=CODE_PAGES).best()
        except Exception:
            best = None
        if best is None:
            line = data[: err.start].count(b"\n") + 1
            if err.reason == "unexpected end of data":
                reason = _("the file ends inside a UTF-8 character: it seems cut short")
            else:
                reason = _("the file is not text in UTF-8, cp1251 or cp866")
            raise InputError(name, reason, line=line) from None
        text = str(best)
    control = CONTROL.search(text)
    if control:
        raise InputError(
            name,
            _(
                "the file contains the control character U+%(codepoint)s; it is not MT940 "
                "text (binary, or UTF-16?)"
            )
            % {"codepoint": f"{ord(control.group()):04X}"},
            line=text.count("\n", 0, control.start()) + 1,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_envelope(name: str, text: str) -> str:
    """The text block of a SWIFT message (`{4:` ... `-}`); line numbers are kept."""
    if not text.lstrip().startswith("{1:"):
        return text
    start = text.find("{4:")
    if start < 0:
        raise InputError(name, _("the SWIFT envelope has no text block {4:"), line=1)
    end = text.find("\n-}", start)
    body_end = len(text) if end < 0 else end + 1
    head = "\n" * text.count("\n", 0, start)
    return head + text[start + 3 : body_end]


def scan(name: str, text: str) -> list[Tag]:
    """Every field with the line it starts on; text outside a field is refused."""
    tags: list[Tag] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = TAG.match(line)
        if match:
            if match.group(1) not in KNOWN_TAGS:
                raise InputError(
                    name,
                    _("%(field)s is not an MT940 field") % {"field": match.group()},
                    line=number,
                )
            tags.append(Tag(match.group(1), number, [line[match.end() :]]))
        elif line.strip() in ("", "-"):
            continue
        elif tags:
            tags[-1].lines.append(line)
        else:
            raise InputError(name, _("text before the first MT940 tag"), line=number)
    if not tags:
        raise InputError(name, _("no MT940 tags found"))
    return tags


def _check_structure(name: str, tags: list[Tag]) -> dict[str, Tag]:
    """The header fields, exactly one each; a file with several statements is refused."""
    by_tag: dict[str, list[Tag]] = {}
    for tag in tags:
        by_tag.setdefault(tag.tag, []).append(tag)
    references, accounts = by_tag.get("20", []), by_tag.get("25", [])
    if len(references) > 1 or len(accounts) > 1:
        numbers = sorted({tag.value for tag in accounts})
        if len(numbers) > 1:
            raise InputError(
                name,
                _(
                    "the file holds statements of several accounts (%(accounts)s); send one "
                    "statement per file"
                )
                % {"accounts": ", ".join(numbers)},
            )
        raise InputError(
            name,
            _("the file holds %(count)s statements; send one statement per file")
            % {"count": max(len(references), len(accounts))},
            line=references[-1].line if len(references) > 1 else accounts[-1].line,
        )
    header: dict[str, Tag] = {}
    for key, choices, what in (
        ("reference", ("20",), _("transaction reference number")),
        ("account", ("25",), _("account identification")),
        ("opening", OPENING_TAGS, _("opening balance")),
        ("closing", CLOSING_TAGS, _("closing balance")),
    ):
        found = [tag for choice in choices for tag in by_tag.get(choice, [])]
        if not found:
            raise InputError(
                name,
                _("the %(what)s (:%(tag)s:) is missing") % {"what": what, "tag": choices[0]},
            )
        if len(found) > 1:
            raise InputError(
                name,
                _("the %(what)s appears %(count)s times") % {"what": what, "count": len(found)},
                line=found[1].line,
            )
        if not found[0].value:
            raise InputError(name, _("the %(what)s is empty") % {"what": what}, line=found[0].line)
        header[key] = found[0]
    opening, closing = header["opening"].line, header["closing"].line
    for tag in tags:
        if tag.tag == "61" and not opening < tag.line < closing:
            raise InputError(
                name,
                _("statement lines must come between the opening and closing balances"),
                line=tag.line,
            )
    return header


def _check_tag(name: str, tag: Tag) -> None:
    """Refuse a field whose content cannot be read: what the library sees is checked here."""
    if tag.tag == "28C" and not STATEMENT_NUMBER.fullmatch(tag.value):
        raise InputError(
            name,
            _("the statement number '%(value)s' is not written as number[/page]")
            % {"value": tag.value},
            line=tag.line,
            column=":28C:",
        )
    if tag.tag == "61" and len(tag.lines) > 2:
        raise InputError(
            name,
            _("the statement line runs over %(count)s lines; :61: has at most two")
            % {"count": len(tag.lines)},
            line=tag.line,
            column=":61:",
        )
    if tag.tag in OPENING_TAGS + CLOSING_TAGS + ("64", "65"):
        match = BALANCE.fullmatch(tag.value)
        if not match:
            raise InputError(
                name,
                _("the balance '%(value)s' is not written as C or D, YYMMDD, currency, amount")
                % {"value": tag.value},
                line=tag.line,
                column=f":{tag.tag}:",
            )
    elif tag.tag == "61":
        match = STATEMENT_LINE.fullmatch(tag.lines[0].rstrip())
        if not match:
            raise InputError(
                name,
                _(
                    "the statement line is not written as YYMMDD[MMDD], C/D/RC/RD, amount, "
                    "type, reference[//bank reference]"
                ),
                line=tag.line,
                column=":61:",
            )
    else:
        return
    problem = _date_problem(match) or _amount_problem(match.group("amount"))
    if problem:
        raise InputError(name, problem, line=tag.line, column=f":{tag.tag}:")


def _date_problem(match: re.Match[str]) -> str | None:
    date = match.group("date")
    try:
        value_date = dt.date(2000 + int(date[:2]), int(date[2:4]), int(date[4:]))
    except ValueError:
        return _("%(date)s is not a date that exists (YYMMDD)") % {"date": date}
    entry = match.groupdict().get("entry")
    if entry:
        try:
            dt.date(value_date.year, int(entry[:2]), int(entry[2:]))
        except ValueError:
            return _("the entry date %(date)s is not a date that exists (MMDD)") % {"date": entry}
    return None


def _amount_problem(amount: str) -> str | None:
    if len(amount) > 15:
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


def _read_with_library(name: str, tags: list[Tag]) -> Any:
    """The mt940 package's reading of the fields checked above, and only those.

    Its silent repair of dates (30 February becomes 28 February) is off, and so is its
    reading of `:86:` (details are read by our dialects). It is given only the fields
    checked here, so that it never has to refuse (and log) anything itself.
    """
    text = "".join(
        ":{}:{}\n".format(tag.tag, "\n".join(tag.lines)) for tag in tags if tag.tag in LIBRARY_TAGS
    )
    options = mt940.Options(
        reversal_sign=True,
        merge_keeps_values=True,
        unbounded_details=True,
        strip_bom=True,
    )
    transactions = mt940.models.Transactions(
        processors={"pre_statement": [], "post_transaction_details": []}, options=options
    )
    try:
        transactions.parse(text)
    except Exception as err:
        raise InputError(
            name, _("not readable as MT940: %(error)s") % {"error": _short(err)}
        ) from None
    return transactions


def _details_by_line(tags: list[Tag]) -> dict[int, Details]:
    """The `:86:` details of each statement line, keyed by the line of its `:61:`."""
    details: dict[int, Details] = {}
    current: Tag | None = None
    for tag in tags:
        if tag.tag == "61":
            current = tag
        elif tag.tag == "86" and current is not None:
            text = join_lines(tag.lines, prefix=len(":86:"))
            found = read_details(text)
            earlier = details.get(current.line)
            details[current.line] = earlier.merged(found) if earlier else found
        elif tag.tag in CLOSING_TAGS:
            current = None
    return details


def _line(
    name: str,
    number: int,
    tag: Tag,
    transaction: Any,
    currency: str,
    details: Details,
) -> StatementLine:
    data = transaction.data
    try:
        amount = money(Decimal(data["amount"].amount))
        value_date = _date(data["date"])
        booking_date = _date(data.get("entry_date") or data["date"])
    except (KeyError, ValueError, AttributeError, TypeError) as err:
        raise InputError(
            name,
            _("statement line %(number)s: %(reason)s") % {"number": number, "reason": _short(err)},
            line=tag.line,
        ) from None
    bank_reference = (data.get("bank_reference") or "").strip()
    customer_reference = (data.get("customer_reference") or "").strip()
    if customer_reference.upper() == NO_REFERENCE:
        customer_reference = ""
    return StatementLine(
        number=number,
        booking_date=booking_date,
        value_date=value_date,
        amount=amount,
        currency=currency,
        counterparty_name=details.name,
        counterparty_id=details.party_id,
        counterparty_account=details.account,
        reference=bank_reference or customer_reference,
        purpose=details.purpose,
        source_line=tag.line,
    )


def _balance(name: str, tag: Tag) -> tuple[Decimal, dt.date, str]:
    match = BALANCE.fullmatch(tag.value)
    assert match is not None  # checked by _check_tag
    try:
        amount = money(Decimal(match.group("amount").replace(",", ".")))
    except ValueError as err:
        raise InputError(name, str(err), line=tag.line, column=f":{tag.tag}:") from None
    date = match.group("date")
    signed = -amount if match.group("mark") == "D" else amount
    when = dt.date(2000 + int(date[:2]), int(date[2:4]), int(date[4:]))
    return signed, when, match.group("currency")


def _date(value: dt.date) -> dt.date:
    return dt.date(value.year, value.month, value.day)


def _short(err: Exception) -> str:
    text = str(err.args[0]) if err.args else type(err).__name__
    return text if len(text) <= 200 else text[:200] + "…"


register(StatementFormat(NAME, sniff, parse, "SWIFT MT940"))
