"""Statements as the exchange CSV of formats.md, section 5.

`account, booking_date, value_date, amount, currency, counterparty_name, counterparty_id,
counterparty_account, reference, purpose`: UTF-8 (a BOM is allowed), `,` as separator, `.`
as decimal mark, ISO dates, amounts signed (+ money in). Every column must be present;
`value_date`, the counterparty columns and `purpose` may be empty. A CSV statement carries
no balances and no statement id, and holds one account only. Unknown columns are ignored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from talapker.core.csvfiles import (
    MAX_COLUMNS,
    MAX_FIELD_BYTES,
    decode_utf8,
    field,
    parse_amount,
    parse_date,
    parse_optional_date,
)
from talapker.core.errors import InputError
from talapker.core.formats import COLUMNS as FILE_COLUMNS
from talapker.core.readerrors import csv_reason

from .checks import DEFAULT_LIMITS, Limits, check_line_count, money
from .model import Statement, StatementLine
from .registry import StatementFormat, register

NAME = "csv"
COLUMNS = FILE_COLUMNS["statement"]
AMOUNT = re.compile(r"[+-]?\d{1,15}(?:\.\d+)?")
SPLIT_DECIMAL = re.compile(r"(?:^|,)-?\d+,\d{1,2}(?:,|$)")
HEADER_CELL = re.compile(r'[\s"\']*([a-z_]+)[\s"\']*')


def sniff(data: bytes) -> bool:
    """A CSV statement's first line names at least three of the columns (any separator, so
    that a `;`-separated export is refused with its reason rather than as unknown)."""
    first = data.removeprefix(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
    cells = re.split(r"[,;\t]", first.decode("utf-8", "replace").lower())
    names = {match.group(1) for cell in cells if (match := HEADER_CELL.fullmatch(cell))}
    return len(names & set(COLUMNS)) >= 3


def parse(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Statement, ...]:
    """The statement in an exchange CSV file (one account, so one statement)."""
    path = Path(name)
    rows = list(_rows(path, decode_utf8(path, data)))
    check_line_count(name, len(rows), limits)
    lines: list[StatementLine] = []
    account = ""
    for line_number, row in rows:
        row_account = row["account"].strip()
        if not row_account:
            raise InputError(name, _("the account is empty"), line=line_number, column="account")
        if account and row_account != account:
            raise InputError(
                name,
                _(
                    "the file holds several accounts (%(first)s, %(other)s); send one "
                    "statement per account"
                )
                % {"first": account, "other": row_account},
                line=line_number,
                column="account",
            )
        account = row_account
        lines.append(_line(path, line_number, len(lines) + 1, row))
    if not lines:
        raise InputError(name, _("the file has a header but no statement lines"))
    statement = Statement(
        format=NAME,
        account=account,
        currency=lines[0].currency,
        statement_id="",
        opening_balance=None,
        opening_date=None,
        closing_balance=None,
        closing_date=None,
        lines=tuple(lines),
    )
    return (statement,)


def _rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(physical line, row) for each data row, after the header has been checked.

    The same rules as `talapker.core.csvfiles.read_rows`, which reads from a path; statements
    arrive as bytes.
    """
    header_line = text.split("\n", 1)[0]
    if ";" in header_line and "," not in header_line:
        raise InputError(path, _("the columns are separated by ';'; statements use ','"), line=1)
    csv.field_size_limit(MAX_FIELD_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise InputError(path, _("the file is empty; a header row is required"), line=1)
        if len(header) > MAX_COLUMNS:
            raise InputError(
                path,
                _("the header has %(count)s columns") % {"count": len(header)},
                line=1,
            )
        header = [cell.strip() for cell in header]
        for column in COLUMNS:
            if column not in header:
                raise InputError(path, _("required column is missing"), line=1, column=column)
            if header.count(column) > 1:
                raise InputError(
                    path, _("the column appears more than once"), line=1, column=column
                )
        for row in reader:
            if not row or row == [""]:
                continue
            if len(row) != len(header):
                reason = _("the row has %(count)s fields; the header has %(expected)s")
                if len(row) > len(header) and SPLIT_DECIMAL.search(",".join(row)):
                    reason = _(
                        "the row has %(count)s fields; the header has %(expected)s (an amount "
                        "written with ',' as the decimal mark splits in two)"
                    )
                raise InputError(
                    path,
                    reason % {"count": len(row), "expected": len(header)},
                    line=reader.line_num,
                )
            yield reader.line_num, dict(zip(header, row, strict=True))
    except csv.Error as err:
        raise InputError(
            path, _("not valid CSV: %(error)s") % {"error": csv_reason(err)}, line=reader.line_num
        ) from None


def _amount(text: str) -> Decimal:
    """A signed amount: digits, an optional '.' and at most two decimals (no exponent)."""
    if "," not in text and not AMOUNT.fullmatch(text):
        raise ValueError(
            _("'%(value)s' is not an amount written as digits, '.' and two decimals")
            % {"value": text}
        )
    return money(parse_amount(text))  # its reasons for ',' and for a third decimal


def _line(path: Path, line_number: int, number: int, row: dict[str, str]) -> StatementLine:
    def value(column: str, parse: Callable[[str], Any]) -> Any:
        return field(path, line_number, column, parse, row[column])

    reference = row["reference"].strip()
    return StatementLine(
        number=number,
        booking_date=value("booking_date", parse_date),
        value_date=value("value_date", parse_optional_date),
        amount=value("amount", _amount),
        currency=row["currency"].strip(),
        counterparty_name=row["counterparty_name"].strip(),
        counterparty_id=row["counterparty_id"].strip(),
        counterparty_account=row["counterparty_account"].strip(),
        reference=reference,
        purpose=row["purpose"].strip(),
        source_line=line_number,
        references=(reference,) if reference else (),
    )


register(StatementFormat(NAME, sniff, parse, "CSV (formats.md, §5)"))
