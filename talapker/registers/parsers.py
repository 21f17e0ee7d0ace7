"""Column parsers for register files.

A column parser checks one column of a batch of rows at once and returns the values to
store; `one()` checks a single value and raises ValueError whose message is the reason shown
to the operator. The importer calls `column()` on every batch and falls back to `one()`,
row by row, only to name the first bad value of a batch that failed.

Seven million population rows are checked in well under a minute because the work is done
per *distinct* value, not per row: dates, names, codes and flags repeat a great deal, so a
batch costs a set difference against what the parser has already seen (C speed) plus a
Python call for each new value. Columns whose values do not repeat (PIN, INN, amounts) are
checked with a compiled pattern mapped over the batch, and free text by its lengths.

Stored values stay close to the file: dates and decimals as their validated ISO text (which
SQLite, and PostgreSQL's COPY, take as is), flags as booleans, empty optional values as None.
Each function below is a factory: every import starts with empty caches.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Protocol

from talapker.core.identifiers import INN_PATTERN, PIN_PATTERN

MONEY_PATTERN = re.compile(r"\d{1,14}(?:\.\d{1,2})?")
PERCENT_PATTERN = re.compile(r"\d{1,3}(?:\.\d{1,4})?")
COUNTRY_PATTERN = re.compile(r"[A-Z]{3}")
KGZ = "KGZ"
CACHE_LIMIT = 500_000  # distinct values remembered per column before starting afresh


class ColumnParser(Protocol):
    def one(self, value: str) -> object:
        """The stored value of one field; ValueError (the reason) if it is refused."""

    def column(self, values: Sequence[str]) -> Sequence[object]:
        """The stored values of one column of a batch; ValueError if any is refused."""


class Distinct:
    """Checks each distinct value once per import, through a function of one value."""

    def __init__(self, parse: Callable[[str], object], *, keeps_text: bool) -> None:
        self.parse = parse
        self.keeps_text = keeps_text  # valid values are stored as written
        self.seen: dict[str, object] = {}

    def one(self, value: str) -> object:
        return self.parse(value)

    def column(self, values: Sequence[str]) -> Sequence[object]:
        seen = self.seen
        # Once the common values are known, most batches hold no new one: test that first.
        if all(map(seen.__contains__, values)):
            new: set[str] = set()
        else:
            new = set(values).difference(seen)
        if new:
            if len(seen) + len(new) > CACHE_LIMIT:
                seen.clear()
                new = set(values)
            parse = self.parse
            for value in new:
                seen[value] = parse(value)
        return values if self.keeps_text else list(map(seen.__getitem__, values))


class Matching:
    """Checks every value against a pattern (for values that do not repeat)."""

    def __init__(self, pattern: re.Pattern[str], reason: Callable[[str], str]) -> None:
        self.fullmatch = pattern.fullmatch
        self.reason = reason

    def one(self, value: str) -> str:
        if self.fullmatch(value):
            return value
        raise ValueError(self.reason(value))

    def column(self, values: Sequence[str]) -> Sequence[object]:
        if all(map(self.fullmatch, values)):
            return values
        raise ValueError("a value does not match")


class Text:
    """Free text of at most `limit` characters; empty only when not required."""

    def __init__(self, limit: int, *, required: bool) -> None:
        self.limit = limit
        self.required = required

    def one(self, value: str) -> str:
        if len(value) > self.limit:
            raise ValueError(f"longer than {self.limit} characters")
        if not value and self.required:
            raise ValueError("must not be empty")
        if "\x00" in value:
            raise ValueError("contains a NUL character")
        return value

    def column(self, values: Sequence[str]) -> Sequence[object]:
        if (
            max(map(len, values)) > self.limit
            or (self.required and "" in values)
            or "\x00" in "".join(values)
        ):
            raise ValueError("a value is refused")
        return values


def text(limit: int, *, required: bool = True) -> ColumnParser:
    """Free text of at most `limit` characters; empty only when not required."""
    return Text(limit, required=required)


def pin() -> ColumnParser:
    """A personal identification number (14 digits: sex, DDMMYYYY, serial)."""
    return Matching(
        PIN_PATTERN, lambda v: f"malformed PIN {v!r} (14 digits: sex digit, DDMMYYYY, serial)"
    )


def inn() -> ColumnParser:
    """A taxpayer number: any 14 digits (an entity's INN, or a sole trader's PIN)."""
    return Matching(INN_PATTERN, lambda v: f"malformed INN {v!r} (14 digits)")


def _parse_date(value: str) -> str:
    # fromisoformat alone also takes 20260101 and week dates; the contract is YYYY-MM-DD.
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date that exists") from None
    return value


def _required(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return _parse_date(value)


def _optional(value: str) -> str | None:
    return _parse_date(value) if value else None


def date(*, required: bool = True) -> ColumnParser:
    """An ISO date YYYY-MM-DD that exists in the calendar; empty is None if optional."""
    if required:
        return Distinct(_required, keeps_text=True)
    return Distinct(_optional, keeps_text=False)


def choice(codes: Iterable[str], *, what: str) -> ColumnParser:
    """One of a fixed list of codes, exactly as written (case included)."""
    allowed = frozenset(codes)
    listed = ", ".join(sorted(allowed))

    def parse(value: str) -> str:
        if value in allowed:
            return value
        raise ValueError(f"{value!r} is not a {what} ({listed})")

    return Distinct(parse, keeps_text=True)


def _flag(value: str) -> bool:
    if value in ("0", "1"):
        return value == "1"
    raise ValueError(f"{value!r} is not 1 or 0")


def flag() -> ColumnParser:
    """1 or 0, stored as a boolean."""
    return Distinct(_flag, keeps_text=False)


def _decimal_reason(value: str, places: int, what: str) -> str:
    if value.startswith("-"):
        return f"{value!r}: a negative {what} is not allowed"
    if "," in value:
        return f"{value!r}: the decimal mark must be '.', not ','"
    if not value:
        return "must not be empty"
    if "." in value and len(value.split(".", 1)[1]) > places:
        return f"{value!r} has more than {places} decimal places"
    return f"{value!r} is not a {what} (digits, with '.' as decimal mark)"


def money() -> ColumnParser:
    """A non-negative amount in som with at most two decimals."""
    return Matching(MONEY_PATTERN, lambda v: _decimal_reason(v, 2, "amount"))


def _percent(value: str) -> str | None:
    if not value:
        return None
    if not PERCENT_PATTERN.fullmatch(value):
        raise ValueError(_decimal_reason(value, 4, "percentage"))
    if Decimal(value) > 100:
        raise ValueError(f"{value!r} is more than 100 percent")
    return value


def percent() -> ColumnParser:
    """A share of capital, 0 to 100, with at most four decimals; empty is None."""
    return Distinct(_percent, keeps_text=False)


def country(*, required: bool = True) -> ColumnParser:
    """An ISO 3166-1 alpha-3 code (KGZ, RUS, ...); empty only when not required."""

    def parse(value: str) -> str:
        if not value:
            if required:
                raise ValueError("must not be empty")
            return value
        if not COUNTRY_PATTERN.fullmatch(value):
            raise ValueError(f"{value!r} is not a country code (ISO 3166-1 alpha-3, e.g. KGZ)")
        return value

    return Distinct(parse, keeps_text=True)


def citizenship_facts(value: str) -> tuple[bool, int]:
    """(holds KGZ, number of citizenships) of a citizenship text such as "KGZ;RUS".

    Raises ValueError unless the text is empty (stateless) or distinct alpha-3 country
    codes separated by ';'.
    """
    codes = value.split(";") if value else []
    for code in codes:
        if not COUNTRY_PATTERN.fullmatch(code):
            where = f" in {value!r}" if code != value else ""
            raise ValueError(
                f"{code!r}{where} is not a country code "
                "(ISO 3166-1 alpha-3 codes separated by ';', e.g. KGZ;RUS)"
            )
    if len(set(codes)) != len(codes):
        raise ValueError(f"{value!r} names a country twice")
    return KGZ in codes, len(codes)


def citizenship() -> ColumnParser:
    """A citizenship text: empty (stateless) or country codes separated by ';'."""

    def parse(value: str) -> str:
        citizenship_facts(value)
        return value

    return Distinct(parse, keeps_text=True)
