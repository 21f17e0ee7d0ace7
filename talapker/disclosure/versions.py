"""A filed report version as the public may read it: its receipt, and what it changed in the
version it corrected, row by row, without the identifiers the law keeps private.

The row-level diff is the filing app's (`filings.services.version_diff`); this module only
chooses what of it may be published: never a donor's or payee's PIN or INN column (a legal
entity's INN is public, but the column holds a person's PIN as often), and free text with
long digit runs masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from talapker.core.identifiers import mask_long_numbers
from talapker.filings.forms import COLUMN_LABELS, TABLE_LABELS, code_label, row_texts
from talapker.filings.models import ReportVersion
from talapker.filings.services import rows_of, version_diff

SHOWN = 500  # changes listed; the rest are counted
PRIVATE = {"donor_id", "payee_id"}
CODED = {"donor_kind", "category", "method"}


def _public(column: str, text: str) -> str:
    if column in CODED:
        return code_label(text)
    return mask_long_numbers(text)


@dataclass(frozen=True)
class Change:
    table: str
    line: int
    change: str  # added | removed | changed
    fields: list[tuple[str, str, str]]  # (column label, old, new) — old or new empty


@dataclass(frozen=True)
class PublicDiff:
    changes: list[Change]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.changes)


def public_diff(version: ReportVersion) -> PublicDiff | None:
    """What this version changed in the one it superseded; None for a first version."""
    if version.supersedes is None:
        return None
    found = version_diff(rows_of(version.supersedes), rows_of(version))
    changes = []
    for change in found[:SHOWN]:
        old = row_texts(change.old) if change.old is not None else {}
        new = row_texts(change.new) if change.new is not None else {}
        columns = change.fields if change.change == "changed" else tuple((old or new).keys())
        fields = [
            (
                str(COLUMN_LABELS.get(column, column)),
                _public(column, old.get(column, "")),
                _public(column, new.get(column, "")),
            )
            for column in columns
            if column not in PRIVATE and column != "line"
        ]
        if change.change == "changed" and not fields:
            fields = [("", "", "")]  # only a private column changed: say that something did
        changes.append(Change(str(TABLE_LABELS[change.table]), change.line, change.change, fields))
    return PublicDiff(changes, len(found))
