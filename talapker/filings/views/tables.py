"""The two tables of a version as the pages show them: a page of rows each, the totals, and
the row-level difference between a version and the one it superseded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest

from talapker.filings.drafts import ROW_MODELS
from talapker.filings.formats.model import COLUMNS, CONTRIBUTIONS, EXPENDITURES
from talapker.filings.formats.model import Contribution as RowC
from talapker.filings.formats.model import Expenditure as RowE
from talapker.filings.forms import TABLE_LABELS, code_label, row_texts
from talapker.filings.models import Contribution, Expenditure, ReportVersion
from talapker.filings.services import RowChange, rows_of, version_diff

ROWS_PER_PAGE = 100
DIFF_SHOWN = 500  # changes listed on a page; the rest are counted
CODED = {"donor_kind", "category", "method"}


@dataclass(frozen=True)
class Table:
    """One table of a version: its name, a page of its rows, and its count and total."""

    name: str
    label: str
    page: Page[Any]
    param: str  # the query parameter of its page number
    count: int
    total: Decimal


def version_tables(request: HttpRequest, version: ReportVersion) -> dict[str, Table]:
    """Both tables of the version, each on the page the query string asks for."""
    tables = {}
    for name, model in ROW_MODELS.items():
        rows = model.objects.filter(version=version).order_by("line")
        sums = rows.aggregate(count=Count("id"), total=Sum("amount"))
        param = f"{name}_page"
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get(param))
        tables[name] = Table(
            name,
            str(TABLE_LABELS[name]),
            page,
            param,
            sums["count"],
            sums["total"] or Decimal("0"),
        )
    return tables


def stored_row(stored: Contribution | Expenditure) -> RowC | RowE:
    """A stored row as the readers give it."""
    kind = RowC if isinstance(stored, Contribution) else RowE
    return kind(**{field: getattr(stored, field) for field in kind.__dataclass_fields__})


def balance(tables: dict[str, Table]) -> Decimal:
    return tables[CONTRIBUTIONS].total - tables[EXPENDITURES].total


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class DiffRow:
    """One changed row, ready for a template: what happened and to which values."""

    table: str
    table_label: str
    line: int
    change: str  # added | removed | changed
    changes: tuple[FieldChange, ...]  # changed: every field that differs
    values: tuple[tuple[str, str], ...]  # added / removed: the row's values


def _shown(column: str, text: str) -> str:
    return code_label(text) if column in CODED else text


def _diff_row(change: RowChange) -> DiffRow:
    label = str(TABLE_LABELS[change.table])
    if change.change == "changed":
        assert change.old is not None and change.new is not None
        old, new = row_texts(change.old), row_texts(change.new)
        fields = tuple(
            FieldChange(column, _shown(column, old[column]), _shown(column, new[column]))
            for column in change.fields
        )
        return DiffRow(change.table, label, change.line, change.change, fields, ())
    row = change.new if change.change == "added" else change.old
    assert row is not None
    texts = row_texts(row)
    values = tuple(
        (column, _shown(column, texts[column]))
        for column in COLUMNS[change.table]
        if column != "line" and texts[column]
    )
    return DiffRow(change.table, label, change.line, change.change, (), values)


@dataclass(frozen=True)
class Diff:
    rows: list[DiffRow]
    total: int  # changes in all, of which `rows` lists the first DIFF_SHOWN

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


def superseded_diff(version: ReportVersion) -> Diff | None:
    """What this version changed in the version it superseded; None for a first version."""
    if version.supersedes is None:
        return None
    changes = version_diff(rows_of(version.supersedes), rows_of(version))
    return Diff([_diff_row(change) for change in changes[:DIFF_SHOWN]], len(changes))
