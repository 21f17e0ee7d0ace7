"""Reading the exchange CSV files (formats.md): UTF-8, RFC 4180, a header row, `,` as
separator, `.` as decimal mark, ISO dates. Any problem becomes an InputError naming the file,
the physical line, the column and the reason; unknown columns are ignored."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from talapker.core.errors import InputError

MAX_FIELD_BYTES = 1_000_000
MAX_COLUMNS = 200
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def decode_utf8(path: Path, data: bytes) -> str:
    """The file's text; a byte that is not UTF-8 is an error naming its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(path, _("the file is not UTF-8 text"), line=line) from None


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for every data row; the header must have every required column.

    The line number is the physical line on which the row ends (the header is line 1), so a
    quoted field with line breaks still points at the right place.
    """
    text = decode_utf8(path, path.read_bytes())
    csv.field_size_limit(MAX_FIELD_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise InputError(path, _("the file is empty; a header row is required"), line=1)
        if len(header) > MAX_COLUMNS:
            raise InputError(
                path,
                _("the header has %(count)s columns; at most %(most)s are accepted")
                % {"count": len(header), "most": MAX_COLUMNS},
                line=1,
            )
        header = [h.strip() for h in header]
        for column in required:
            if column not in header:
                raise InputError(path, _("required column is missing"), line=1, column=column)
        duplicated = sorted({h for h in header if header.count(h) > 1 and h in required})
        if duplicated:
            raise InputError(path, _("column appears twice"), line=1, column=duplicated[0])
        for row in reader:
            if not row or row == [""]:
                continue
            if len(row) != len(header):
                raise InputError(
                    path,
                    _("the row has %(count)s fields; the header has %(expected)s")
                    % {"count": len(row), "expected": len(header)},
                    line=reader.line_num,
                )
            yield reader.line_num, dict(zip(header, row, strict=True))
    except csv.Error as err:
        raise InputError(
            path, _("not valid CSV: %(error)s") % {"error": err}, line=reader.line_num
        ) from None


def parse_date(value: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) that exists in the calendar."""
    if not ISO_DATE.match(value):
        raise ValueError(_("'%(value)s' is not a date written as YYYY-MM-DD") % {"value": value})
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("'%(value)s' is not a date that exists (YYYY-MM-DD)") % {"value": value}
        ) from None


def parse_optional_date(value: str) -> dt.date | None:
    return parse_date(value) if value else None


def parse_amount(value: str) -> Decimal:
    """An amount in som: digits with `.` as decimal mark and at most two decimals."""
    if "," in value:
        raise ValueError(
            _(
                "'%(value)s': write amounts with '.' as the decimal mark, without thousands "
                "separators"
            )
            % {"value": value}
        )
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("'%(value)s' is not an amount") % {"value": value}) from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(_("'%(value)s': an amount has at most two decimals") % {"value": value})
    return amount


def parse_positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ValueError(_("'%(value)s' is not a whole number of 1 or more") % {"value": value})
    return int(value)


def field(path: Path, line: int, column: str, parse: Callable[[str], Any], value: str) -> Any:
    """Parse one value, turning a ValueError into an InputError at its place in the file."""
    try:
        return parse(value.strip())
    except ValueError as err:
        raise InputError(path, str(err), line=line, column=column) from None
