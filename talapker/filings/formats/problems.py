"""Problems found in a filed report, and the error that carries all of them.

A problem is data: where (file, line, column), a stable `code` and the values its message
needs. The message is rendered from the code's English template through gettext when it is
displayed, so a problem collected in one request and shown in another language reads in that
language. Templates use named placeholders only, so translators may reorder them.

The codes are a contract for API clients and tests: add new ones, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from talapker.core.errors import InputError
from talapker.core.exactjson import LONE_SURROGATE, escaped
from talapker.core.readerrors import csv_reason, json_reason

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

MESSAGES = {
    # the file as a whole
    "file_too_large": _("the file has %(size)s bytes; at most %(limit)s are accepted"),
    "file_missing": _("the file is missing"),
    "file_empty": _("the file is empty; a header row is required"),
    "not_utf8": _(
        "the file is not UTF-8 text (it looks like %(guess)s); save it again as UTF-8 "
        "(in Excel: “CSV UTF-8”)"
    ),
    "csv_malformed": _("not valid CSV: %(error)s"),
    "too_many_columns": _("the row has more than %(limit)s columns"),
    "too_many_rows": _("the table has more than %(limit)s rows"),
    "column_missing": _("the required column is missing"),
    "column_duplicate": _("the column appears more than once"),
    "wrong_field_count": _("the row has %(count)s fields; the header has %(expected)s"),
    "too_many_problems": _("and %(count)s more problems that are not listed"),
    # one value
    "value_missing": _("a value is required"),
    "line_invalid": _("“%(value)s” is not a whole number of 1 or more"),
    "line_duplicate": _(
        "line number %(value)s is used twice in this table (first in row %(first)s)"
    ),
    "date_format": _("“%(value)s” is not a date written as YYYY-MM-DD"),
    "date_not_exists": _("“%(value)s” is not a date that exists"),
    "amount_comma": _(
        "“%(value)s”: write amounts with “.” as the decimal mark and without thousands separators"
    ),
    "amount_invalid": _("“%(value)s” is not an amount (digits, then “.” and at most two decimals)"),
    "amount_decimals": _("“%(value)s” has more than two decimals"),
    "amount_negative": _(
        "“%(value)s” is negative; an amount must be more than zero (a returned contribution "
        "is filed as a “refund” expenditure)"
    ),
    "amount_zero": _("the amount is zero; it must be more than zero"),
    "amount_too_large": _("“%(value)s” is larger than %(limit)s"),
    "unknown_donor_kind": _("“%(value)s” is not a donor kind; use one of: %(allowed)s"),
    "unknown_method": _("“%(value)s” is not a payment method; use one of: %(allowed)s"),
    "unknown_category": _("“%(value)s” is not an expenditure category; use one of: %(allowed)s"),
    "unknown_report_kind": _("“%(value)s” is not a report kind; use one of: %(allowed)s"),
    "bank_ref_missing": _("a bank payment needs the bank's transaction reference in bank_ref"),
    "text_too_long": _("the value has %(length)s characters; at most %(limit)s are accepted"),
    "bad_character": _("the value contains the control character U+%(codepoint)s"),
    "lone_surrogate": LONE_SURROGATE,
    # workbooks
    "not_xlsx": _("the file is not an XLSX workbook"),
    "xlsx_encrypted": _("the workbook is protected by a password; save it without one"),
    "zip_too_many_entries": _("the workbook has %(count)s parts; at most %(limit)s are accepted"),
    "zip_too_large": _("the workbook unpacks to %(size)s bytes; at most %(limit)s are accepted"),
    "zip_ratio": _("the part %(entry)s is compressed %(ratio)s times over; refused as a zip bomb"),
    "zip_unsafe_name": _("the part name “%(entry)s” is not allowed (absolute, “..” or “\\”)"),
    "zip_encrypted_entry": _("the part %(entry)s is encrypted"),
    "sheet_missing": _("the workbook has no sheet named “%(sheet)s”"),
    "formula_without_value": _(
        "the cell holds a formula with no saved result; type the value itself"
    ),
    "xlsx_unreadable": _("the workbook cannot be read: %(error)s"),
    # the JSON body
    "json_invalid": _("not valid JSON: %(error)s"),
    "json_too_deep": _("the JSON is nested too deeply"),
    "json_duplicate_key": _("the key “%(key)s” appears twice in one object"),
    "wrong_type": _("expected %(expected)s, found %(found)s"),
    "period_reversed": _("the period starts (%(start)s) after it ends (%(end)s)"),
}

# Problems that say why reading stopped are kept even past the cap: without them a filer
# would fix the rows listed and meet the same refusal again.
ALWAYS_KEPT = frozenset({"too_many_rows", "csv_malformed", "xlsx_unreadable"})
SHOWN_CHARS = 60  # a value quoted in a message is cut to this length


def shown(value: object) -> str:
    """A value as quoted in a message: cut short, so a huge field never floods a page, and
    with any lone surrogate escaped, so a refused value can always be shown and sent."""
    text = escaped(str(value))
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _render(code: str, params: tuple[tuple[str, str | int], ...]) -> str:
    values = dict(params)
    # The parsers' English reasons (kept as data in params), as our translated texts
    if code == "json_invalid":
        position = values.get("position")
        values["error"] = json_reason(str(values["error"]), int(position) if position else None)
    elif code == "csv_malformed":
        values["error"] = csv_reason(str(values["error"]))
    return str(MESSAGES[code]) % values


def _summary(first: str, more: int) -> str:
    """The first problem's reason and how many more there are, in the active language."""
    if not more:
        return first
    return ngettext(
        "%(reason)s (and %(count)s more problem)",
        "%(reason)s (and %(count)s more problems)",
        more,
    ) % {"reason": first, "count": more}


_render_lazy = lazy(_render, str)
_summary_lazy = lazy(_summary, str)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a filed report, at file / line / column (None: the whole file)."""

    file: str
    line: int | None
    column: str | None
    code: str
    params: tuple[tuple[str, str | int], ...] = ()

    @property
    def message(self) -> _StrPromise:
        """The reason, translated into the active language when it is turned into text."""
        return cast("_StrPromise", _render_lazy(self.code, self.params))

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, -1 if self.line is None else self.line, self.column or "", self.code)

    def as_dict(self) -> dict[str, object]:
        """The problem for an API response (the message in the active language)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": str(self.message),
            "params": dict(self.params),
        }

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class ProblemLog:
    """Collects problems as a reader finds them; keeps the first `limit`, counts the rest."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[Problem] = []
        self.dropped = 0

    def add(
        self, file: str, line: int | None, column: str | None, code: str, **params: str | int
    ) -> None:
        assert code in MESSAGES, code
        if len(self.kept) < self.limit or code in ALWAYS_KEPT:
            self.kept.append(Problem(file, line, column, code, tuple(sorted(params.items()))))
        else:
            self.dropped += 1

    def __len__(self) -> int:
        return len(self.kept) + self.dropped

    def problems(self) -> list[Problem]:
        """Every kept problem, sorted by file, line and column, then one for those dropped."""
        found = sorted(self.kept, key=Problem.sort_key)
        if self.dropped:
            last = found[-1].file if found else ""
            found.append(Problem(last, None, None, "too_many_problems", (("count", self.dropped),)))
        return found

    def raise_if_any(self) -> None:
        if len(self):
            raise ReportInvalid(self.problems())


class ReportInvalid(InputError):
    """A report that is refused, with every problem found in it (sorted, capped).

    It is an InputError, so the command line prints it as one line (the first problem and
    the count); forms and the API show `problems`.
    """

    def __init__(self, problems: list[Problem]) -> None:
        assert problems, "a refused report has at least one problem"
        self.problems = problems
        first = problems[0]
        count = sum(
            int(dict(p.params).get("count", 1)) if p.code == "too_many_problems" else 1
            for p in problems
        )
        # rendered whenever it is shown, in the language active then (an API request's)
        reason = cast(str, _summary_lazy(cast(str, first.message), count - 1))
        super().__init__(first.file, reason, line=first.line, column=first.column)

    @property
    def codes(self) -> set[str]:
        return {p.code for p in self.problems}
