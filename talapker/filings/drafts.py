"""Edits of a draft from the filing pages, each in one transaction with its audit event.

A draft is the one mutable version of a report: the filer opens it, fills it from files or
row by row, and files it (`services.draft_file`), or discards it. Action codes (stable):

    draft.opened  draft.updated  draft.discarded
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.core.errors import InputError
from talapker.filings.formats.model import (
    CONTRIBUTIONS,
    EXPENDITURES,
    Contribution,
    Expenditure,
    ReportData,
    Upload,
)
from talapker.filings.models import Contribution as StoredContribution
from talapker.filings.models import Expenditure as StoredExpenditure
from talapker.filings.models import ReportVersion
from talapker.filings.services import (
    check_period,
    draft_open,
    draft_replace,
    rows_store,
    source_record,
)
from talapker.funds.models import Fund

ROW_MODELS: dict[str, type[StoredContribution] | type[StoredExpenditure]] = {
    CONTRIBUTIONS: StoredContribution,
    EXPENDITURES: StoredExpenditure,
}


def _record(action: str, draft: ReportVersion, actor: str, **data: Any) -> None:
    report = draft.report
    audit_record(
        action,
        actor=actor,
        object_type="filings.reportversion",
        object_id=str(draft.pk),
        data={"fund": report.fund.code, "kind": report.kind, **data},
    )


def _editable(draft: ReportVersion) -> None:
    if draft.is_filed:
        raise InputError("", _("a filed report is immutable: file a correction as a new version"))


def draft_start(
    fund: Fund, kind: str, period_from: dt.date, period_to: dt.date, user: Any
) -> ReportVersion:
    """The report's draft: the one there is, else a new one (a correction starts as a copy
    of the current version). InputError for a period the platform refuses."""
    with transaction.atomic():
        existing = ReportVersion.objects.filter(
            report__fund=fund, report__kind=kind, state=ReportVersion.State.DRAFT
        ).first()
        if existing:
            return existing
        draft = draft_open(fund, kind, period_from, period_to, user)
        _record(
            "draft.opened",
            draft,
            user.get_username(),
            period_from=period_from.isoformat(),
            period_to=period_to.isoformat(),
        )
    return draft


def draft_period_set(
    draft: ReportVersion, period_from: dt.date, period_to: dt.date, actor: str
) -> None:
    """Change the period the draft covers."""
    _editable(draft)
    check_period(draft.report.fund, period_from, period_to)
    with transaction.atomic():
        draft.period_from, draft.period_to = period_from, period_to
        draft.save(update_fields=["period_from", "period_to"])
        _record(
            "draft.updated",
            draft,
            actor,
            change="period",
            period_from=period_from.isoformat(),
            period_to=period_to.isoformat(),
        )


def draft_upload(
    draft: ReportVersion, data: ReportData, uploads: Sequence[Upload], actor: str
) -> None:
    """Put the rows read from uploaded files in the draft, in place of the ones it had, and
    keep a record (name, size, digest) of the files."""
    _editable(draft)
    records = [source_record(upload) for upload in uploads]
    with transaction.atomic():
        draft_replace(draft, data)
        draft.sources = records
        draft.save(update_fields=["sources"])
        _record(
            "draft.updated",
            draft,
            actor,
            change="upload",
            files=records,
            contributions=len(data.contributions),
            expenditures=len(data.expenditures),
        )


def draft_row_put(
    draft: ReportVersion,
    table: str,
    row: Contribution | Expenditure,
    actor: str,
    *,
    replacing: int | None = None,
) -> None:
    """Add a row to one of the draft's tables, or put it in place of the row `replacing`."""
    _editable(draft)
    stored = ROW_MODELS[table]
    with transaction.atomic():
        if replacing is not None:
            stored.objects.filter(version=draft, line=replacing).delete()
        if isinstance(row, Contribution):
            rows_store(draft, ReportData((row,), ()))
        else:
            rows_store(draft, ReportData((), (row,)))
        _record(
            "draft.updated",
            draft,
            actor,
            change="row_changed" if replacing is not None else "row_added",
            table=table,
            line=row.line,
            replaced_line=replacing,
        )


def draft_row_delete(draft: ReportVersion, table: str, line: int, actor: str) -> bool:
    """Take one row out of the draft; False if there was no such row."""
    _editable(draft)
    with transaction.atomic():
        deleted, _counts = ROW_MODELS[table].objects.filter(version=draft, line=line).delete()
        if deleted:
            _record("draft.updated", draft, actor, change="row_deleted", table=table, line=line)
    return bool(deleted)


def draft_discard(draft: ReportVersion, actor: str) -> None:
    """Throw the draft away with its rows; the filed versions stay as they are."""
    _editable(draft)
    with transaction.atomic():
        _record("draft.discarded", draft, actor)
        draft.delete()
