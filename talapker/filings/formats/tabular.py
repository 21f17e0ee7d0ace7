"""The row rules of formats.md section 4, shared by the CSV, XLSX and JSON readers.

Each reader turns its cells into text (or `None` for an absent value, or `REFUSED` for one it
has already reported) and hands every row to a `TableCheck`, which records each broken rule in
the problem log and builds the row when nothing is wrong with it. Nothing here stops at the
first problem.

What is *not* a format error, by design (formats.md): a donor or payee id that is missing or
malformed, or a name that does not match a register. Those rows are stored as filed and
screening flags them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Final

from talapker.core.exactjson import surrogate
from talapker.filings.formats.model import (
    CATEGORIES,
    CONTRIBUTION_COLUMNS,
    CONTRIBUTIONS,
    DONOR_KINDS,
    EXPENDITURE_COLUMNS,
    EXPENDITURES,
    MAX_AMOUNT,
    MAX_LINE,
    METHODS,
    Contribution,
    Expenditure,
    Limits,
    ReportData,
)
from talapker.filings.formats.problems import ProblemLog, shown


class _Refused:
    """A value its reader has already reported (say, a JSON number where text belongs)."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Final = _Refused()
Value = str | None | _Refused

LINE_PATTERN = re.compile(r"[0-9]+")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
AMOUNT_PATTERN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# Control characters other than tab and line breaks never belong in a report (and PostgreSQL
# refuses NUL in text).
CENT = Decimal("0.01")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Report = Callable[..., None]  # report(code, **params): records a problem at a known place


def date_value(text: str, report: Report) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) that exists in the calendar."""
    if not DATE_PATTERN.fullmatch(text):
        report("date_format", value=shown(text))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        report("date_not_exists", value=text)
        return None


def amount_value(text: str, report: Report) -> Decimal | None:
    """An amount in som: more than zero, `.` as decimal mark, at most two decimals."""
    if "," in text:
        report("amount_comma", value=shown(text))
        return None
    if not AMOUNT_PATTERN.fullmatch(text):
        report("amount_invalid", value=shown(text))
        return None
    amount = Decimal(text)
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # the pattern allows no NaN or Infinity
    if exponent < -2:
        report("amount_decimals", value=shown(text))
    elif amount < 0:
        report("amount_negative", value=shown(text))
    elif amount == 0:
        report("amount_zero")
    elif amount > MAX_AMOUNT:
        report("amount_too_large", value=shown(text), limit=str(MAX_AMOUNT))
    else:
        return amount.quantize(CENT)  # exact: at most two decimals; the same text everywhere
    return None


@dataclass(frozen=True)
class TableSpec:
    """How one table differs from the other: its columns, coded column and text lengths."""

    name: str
    columns: tuple[str, ...]
    code_column: str  # donor_kind or category
    codes: tuple[str, ...]
    unknown_code: str  # the problem code for a value not in `codes`
    text_limits: tuple[tuple[str, str], ...]  # (column, name of the Limits field)


SPECS = {
    CONTRIBUTIONS: TableSpec(
        CONTRIBUTIONS,
        CONTRIBUTION_COLUMNS,
        "donor_kind",
        DONOR_KINDS,
        "unknown_donor_kind",
        (
            ("donor_id", "max_id_chars"),
            ("donor_name", "max_name_chars"),
            ("bank_ref", "max_bank_ref_chars"),
            ("description", "max_description_chars"),
        ),
    ),
    EXPENDITURES: TableSpec(
        EXPENDITURES,
        EXPENDITURE_COLUMNS,
        "category",
        CATEGORIES,
        "unknown_category",
        (
            ("payee_name", "max_name_chars"),
            ("payee_id", "max_id_chars"),
            ("bank_ref", "max_bank_ref_chars"),
            ("description", "max_description_chars"),
        ),
    ),
}


@dataclass(frozen=True)
class Place:
    """Where a row's problems are reported.

    `line` is the line (CSV) or sheet row (XLSX) of the row; `None` means the row's own
    `line` value (JSON). `prefix` goes before column names (`contributions[3].`), and `row`
    names the row when a later row repeats its line number: the line or sheet row, or the
    index in the JSON array.
    """

    line: int | None
    prefix: str
    row: int


class TableCheck:
    """Checks the rows of one table in order and keeps the good ones."""

    def __init__(self, table: str, file: str, log: ProblemLog, limits: Limits) -> None:
        self.spec = SPECS[table]
        self.file = file
        self.log = log
        self.limits = limits
        self.first_row: dict[int, int] = {}  # line number -> `Place.row` of the row using it
        self.rows: list[Contribution | Expenditure] = []

    def row(self, values: Mapping[str, Value], place: Place) -> None:
        """Check one row; keep it if every value is right."""
        problems_before = len(self.log)
        line = self._line(values.get("line"), place)
        where = _Where(self, place, line if place.line is None else place.line)
        date = where.date("date", values.get("date"))
        code = where.code(self.spec.code_column, values.get(self.spec.code_column))
        amount = where.amount("amount", values.get("amount"))
        method = where.method("method", values.get("method"))
        texts = {
            column: where.text(column, values.get(column), getattr(self.limits, limit))
            for column, limit in self.spec.text_limits
        }
        if method == "bank" and not texts["bank_ref"] and values.get("bank_ref") is not REFUSED:
            where.add("bank_ref", "bank_ref_missing")
        if len(self.log) != problems_before or any(v is REFUSED for v in values.values()):
            return
        assert line is not None and date is not None and amount is not None
        if self.spec.name == CONTRIBUTIONS:
            self.rows.append(
                Contribution(
                    line,
                    date,
                    code,
                    texts["donor_id"],
                    texts["donor_name"],
                    amount,
                    method,
                    texts["bank_ref"],
                    texts["description"],
                )
            )
        else:
            self.rows.append(
                Expenditure(
                    line,
                    date,
                    code,
                    texts["payee_name"],
                    texts["payee_id"],
                    amount,
                    method,
                    texts["bank_ref"],
                    texts["description"],
                )
            )

    def _line(self, value: Value, place: Place) -> int | None:
        """The row's `line` number, unique in the table; reported at the row's place."""
        report_line = place.line
        column = place.prefix + "line"
        if isinstance(value, _Refused):
            return None
        text = (value or "").strip()
        if not text:
            self.log.add(self.file, report_line, column, "value_missing")
            return None
        if not LINE_PATTERN.fullmatch(text) or not 1 <= int(text) <= MAX_LINE:
            self.log.add(self.file, report_line, column, "line_invalid", value=shown(text))
            return None
        number = int(text)
        first = self.first_row.setdefault(number, place.row)
        if first != place.row:
            where = number if report_line is None else report_line
            self.log.add(self.file, where, column, "line_duplicate", value=number, first=first)
        return number


class _Where:
    """The checks of single values, each reporting at one row's place."""

    def __init__(self, check: TableCheck, place: Place, line: int | None) -> None:
        self.check = check
        self.place = place
        self.line = line

    def add(self, column: str, code: str, **params: str | int) -> None:
        self.check.log.add(self.check.file, self.line, self.place.prefix + column, code, **params)

    def required(self, column: str, value: Value) -> str | None:
        """The stripped text of a value that must be there; None after reporting."""
        if isinstance(value, _Refused):
            return None
        text = (value or "").strip()
        if not text:
            self.add(column, "value_missing")
            return None
        return text

    def date(self, column: str, value: Value) -> dt.date | None:
        text = self.required(column, value)
        return None if text is None else date_value(text, partial(self.add, column))

    def amount(self, column: str, value: Value) -> Decimal | None:
        text = self.required(column, value)
        return None if text is None else amount_value(text, partial(self.add, column))

    def code(self, column: str, value: Value) -> str:
        spec = self.check.spec
        return self._choice(column, value, spec.codes, spec.unknown_code)

    def method(self, column: str, value: Value) -> str:
        return self._choice(column, value, METHODS, "unknown_method")

    def _choice(self, column: str, value: Value, allowed: tuple[str, ...], code: str) -> str:
        text = self.required(column, value)
        if text is None:
            return ""
        if text not in allowed:
            self.add(column, code, value=shown(text), allowed=", ".join(allowed))
            return ""
        return text

    def text(self, column: str, value: Value, limit: int) -> str:
        if isinstance(value, _Refused) or value is None:
            return ""
        text = value.strip()
        if len(text) > limit:
            self.add(column, "text_too_long", length=len(text), limit=limit)
        elif bad := CONTROL.search(text):
            self.add(column, "bad_character", codepoint=f"{ord(bad.group()):04X}")
        elif (half := surrogate(text)) is not None:
            self.add(column, "lone_surrogate", codepoint=f"{ord(half):04X}")
        return text


def report_data(contributions: TableCheck, expenditures: TableCheck) -> ReportData:
    """The report built from two checked tables (call it only when the log is empty)."""
    return ReportData(
        tuple(row for row in contributions.rows if isinstance(row, Contribution)),
        tuple(row for row in expenditures.rows if isinstance(row, Expenditure)),
    )
