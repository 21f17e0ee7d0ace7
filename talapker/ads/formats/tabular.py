"""CSV rows of an uploaded file (bytes, not a path), read as core/csvfiles.py reads the
exchange files: UTF-8, RFC 4180, a header row; every problem names file, line and column.
Also the value parsers the ad readers share."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from django.utils.translation import gettext as _

from talapker.core.csvfiles import MAX_COLUMNS, MAX_FIELD_BYTES, decode_utf8, parse_amount
from talapker.core.errors import InputError
from talapker.core.readerrors import csv_reason

MAX_BOUND = Decimal(10) ** 12
T = TypeVar("T")


def csv_header(text: str) -> list[str]:
    """The first row of a CSV text, stripped (for recognising a format)."""
    try:
        first = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []
    return [h.strip() for h in first]


def csv_rows(
    name: str, data: bytes, required: tuple[str, ...]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and the data rows as (physical line where the row ends, row)."""
    text = decode_utf8(Path(name), data)
    csv.field_size_limit(MAX_FIELD_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader, None) or []]
    except csv.Error as err:
        raise InputError(name, csv_reason(err), line=1) from None
    if not header:
        raise InputError(name, _("the file is empty; a header row is required"), line=1)
    if len(header) > MAX_COLUMNS:
        raise InputError(
            name,
            _("the header has %(count)s columns; at most %(most)s are accepted")
            % {"count": len(header), "most": MAX_COLUMNS},
            line=1,
        )
    for column in required:
        if column not in header:
            raise InputError(name, _("required column is missing"), line=1, column=column)
        if header.count(column) > 1:
            raise InputError(name, _("column appears twice"), line=1, column=column)
    return header, _rows(name, reader, header)


def _rows(
    name: str, reader: Iterator[list[str]], header: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    line = 1
    try:
        for row in reader:
            line = reader.line_num  # type: ignore[attr-defined]
            if not row or row == [""]:
                continue
            if len(row) != len(header):
                raise InputError(
                    name,
                    _("the row has %(count)s fields; the header has %(expected)s")
                    % {"count": len(row), "expected": len(header)},
                    line=line,
                )
            yield line, dict(zip(header, row, strict=True))
    except csv.Error as err:
        raise InputError(name, csv_reason(err), line=line + 1) from None


def parse_bound(value: str) -> Decimal:
    """A spend bound: an amount as core/csvfiles.py reads one, not negative, not huge."""
    amount = parse_amount(value)
    if amount < 0:
        raise ValueError(_("'%(value)s': an amount cannot be negative") % {"value": value})
    if amount >= MAX_BOUND:
        raise ValueError(_("'%(value)s' is too large to be an ad's spend") % {"value": value})
    return amount


def parse_count(value: str) -> int | None:
    """A count of impressions (0 or more), or None when the export leaves it empty."""
    if value == "":
        return None
    if not value.isdigit():
        raise ValueError(_("'%(value)s' is not a whole number of 0 or more") % {"value": value})
    return int(value)


def parse_currency(value: str) -> str:
    """An ISO 4217 code: three capital letters."""
    if len(value) != 3 or not value.isascii() or not value.isalpha() or not value.isupper():
        raise ValueError(
            _("'%(value)s' is not a currency code (three capital letters, such as USD)")
            % {"value": value}
        )
    return value


def required(value: str) -> str:
    if not value:
        raise ValueError(_("a value is required"))
    return value


@dataclass(frozen=True)
class Cells:
    """One row's values, parsed at their place in the file."""

    name: str
    line: int
    row: dict[str, str]

    def get(self, column: str, parse: Callable[[str], T]) -> T:
        try:
            return parse(self.row.get(column, "").strip())
        except ValueError as err:
            raise InputError(self.name, str(err), line=self.line, column=column) from None

    def text(self, column: str) -> str:
        return self.row.get(column, "").strip()
