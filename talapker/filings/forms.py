"""Forms of the filing pages: a draft's period, its uploads, one row, and the signed scan.

A row typed on the page is checked by the very code that checks a row of an uploaded file
(`formats.tabular.TableCheck`): the form hands it the row's text as a one-row table, so the
page and the readers can never disagree about what a valid row is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talapker.filings.formats.model import (
    COLUMNS,
    CONTRIBUTIONS,
    DEFAULT_LIMITS,
    EXPENDITURES,
    METHODS,
    Contribution,
    Expenditure,
    ReportData,
)
from talapker.filings.formats.problems import Problem, ProblemLog
from talapker.filings.formats.tabular import SPECS, Place, TableCheck, Value

Row = Contribution | Expenditure

# What the codes of formats.md section 4 mean, in the filer's language (the code itself is
# what a file holds and what the select submits).
CODE_LABELS: dict[str, Any] = {
    "individual": _("individual"),
    "legal_entity": _("legal entity"),
    "party_own": _("the party's own funds"),
    "candidate_own": _("a candidate's own funds"),
    "bank": _("bank transfer"),
    "cash": _("cash"),
    "in_kind": _("in kind (market value)"),
    "print": _("printed materials"),
    "tv_radio": _("television and radio"),
    "press": _("press"),
    "online": _("internet and social networks"),
    "outdoor": _("outdoor advertising"),
    "events": _("events"),
    "transport": _("transport"),
    "premises": _("premises"),
    "staff": _("staff"),
    "communications": _("communications"),
    "bank_fees": _("bank fees"),
    "refund": _("refund of a contribution"),
    "other": _("other"),
}

COLUMN_LABELS: dict[str, Any] = {
    "line": _("Line"),
    "date": _("Date"),
    "donor_kind": _("Donor kind"),
    "donor_id": _("Donor PIN or INN"),
    "donor_name": _("Donor name"),
    "category": _("Category"),
    "payee_name": _("Payee name"),
    "payee_id": _("Payee PIN or INN"),
    "amount": _("Amount (som)"),
    "method": _("Method"),
    "bank_ref": _("Bank reference"),
    "description": _("Description"),
}

COLUMN_HELP: dict[str, Any] = {
    "line": _("A whole number, unique in this table."),
    "date": _("YYYY-MM-DD"),
    "amount": _("Digits with “.” and at most two decimals, e.g. 15000.50"),
    "bank_ref": _("The bank's transaction reference; required for a bank transfer."),
}

TABLE_LABELS: dict[str, Any] = {
    CONTRIBUTIONS: _("Contributions"),
    EXPENDITURES: _("Expenditures"),
}


def code_label(code: str) -> str:
    """A code of the report format in words, or the code itself if it has no label."""
    label = CODE_LABELS.get(code)
    return str(label) if label is not None else code


def row_texts(row: Row) -> dict[str, str]:
    """A stored row as the text a file would hold (what the row rules read)."""
    texts = {}
    for column, value in vars(row).items():
        if isinstance(value, dt.date):
            texts[column] = value.isoformat()
        elif isinstance(value, Decimal):
            texts[column] = format(value, "f")
        else:
            texts[column] = str(value)
    return texts


def row_check(
    table: str, values: Mapping[str, Value], taken_lines: Iterable[int] = ()
) -> tuple[Row | None, list[Problem]]:
    """Check one row as a one-row table of `table`; `taken_lines` are the line numbers the
    table's other rows use, so a clash is the reader's own `line_duplicate` problem."""
    log = ProblemLog(DEFAULT_LIMITS.max_problems)
    check = TableCheck(table, table, log, DEFAULT_LIMITS)
    for line in taken_lines:
        check.first_row[line] = line
    check.row(values, Place(None, "", 0))  # row 0: no stored row is numbered 0
    return (check.rows[0] if check.rows else None), log.problems()


def report_problems(data: ReportData) -> list[Problem]:
    """Every problem of a whole draft, found by the rules the readers apply to a file."""
    log = ProblemLog(DEFAULT_LIMITS.max_problems)
    tables: tuple[tuple[str, tuple[Row, ...]], ...] = (
        (CONTRIBUTIONS, data.contributions),
        (EXPENDITURES, data.expenditures),
    )
    for table, rows in tables:
        check = TableCheck(table, table, log, DEFAULT_LIMITS)
        for index, row in enumerate(rows, start=1):
            check.row(row_texts(row), Place(None, "", index))
    return log.problems()


class PeriodForm(forms.Form):
    """The period a draft (or a correction) covers."""

    period_from = forms.DateField(
        label=_("Period from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("YYYY-MM-DD"),
    )
    period_to = forms.DateField(
        label=_("Period to"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("YYYY-MM-DD"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The period ends before it starts."))
        return cleaned


class CsvUploadForm(forms.Form):
    """The report as two CSV files."""

    contributions = forms.FileField(
        label=_("Contributions (contributions.csv)"),
        allow_empty_file=True,  # the reader says what an empty file lacks
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    expenditures = forms.FileField(
        label=_("Expenditures (expenditures.csv)"),
        allow_empty_file=True,  # the reader says what an empty file lacks
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class XlsxUploadForm(forms.Form):
    """The report as one workbook with the sheets `contributions` and `expenditures`."""

    workbook = forms.FileField(
        label=_("Workbook (XLSX)"),
        allow_empty_file=True,  # the reader says what an empty file lacks
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ScanForm(forms.Form):
    """The signed original, scanned to PDF; required to file."""

    scan = forms.FileField(
        label=_("Signed scan of the report (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class RowForm(forms.Form):
    """One row of a draft's table. Every field is text: the row rules decide what is valid,
    exactly as they do for a row of a file."""

    def __init__(
        self, table: str, *args: Any, taken_lines: Iterable[int] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        self.taken_lines = frozenset(taken_lines)
        self.row: Row | None = None
        spec = SPECS[table]
        for column in COLUMNS[table]:
            self.fields[column] = self._field(column, spec.code_column, spec.codes)

    @staticmethod
    def _field(column: str, code_column: str, codes: tuple[str, ...]) -> forms.Field:
        label, help_text = COLUMN_LABELS[column], COLUMN_HELP.get(column, "")
        widget: forms.Widget
        if column in (code_column, "method"):
            allowed = codes if column == code_column else METHODS
            choices = [("", "—"), *((code, CODE_LABELS[code]) for code in allowed)]
            widget = forms.Select(choices=choices)
        elif column == "date":
            widget = forms.DateInput(attrs={"type": "date"})
        elif column in ("line", "amount"):
            mode = "numeric" if column == "line" else "decimal"
            widget = forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off"})
        elif column == "description":
            widget = forms.Textarea(attrs={"rows": 2})
        else:
            widget = forms.TextInput(attrs={"autocomplete": "off"})
        return forms.CharField(
            label=label, help_text=help_text, required=False, strip=False, widget=widget
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        values = {column: cleaned.get(column) or "" for column in COLUMNS[self.table]}
        self.row, problems = row_check(self.table, values, self.taken_lines)
        for problem in problems:
            column = problem.column if problem.column in self.fields else None
            self.add_error(column, str(problem.message))
        return cleaned
