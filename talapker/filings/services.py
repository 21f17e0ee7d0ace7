"""Filing a report: the one path that the web page, the API and the command line share.

`report_file` checks the scan, then in one transaction creates the filed version with its
rows, supersedes the previous current version, records the receipt in the audit log and
announces it (`filings.signals.version_filed`): banking reconciles the fund with its bank
lines in the same transaction, compliance queues its screening. Either all of that is
stored or nothing is.
A request that carries an idempotency key is filed once: a retry returns the first receipt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from talapker.audit.services import audit_record
from talapker.core.bulk import rows_insert
from talapker.core.errors import InputError
from talapker.core.files import files_staged
from talapker.core.identifiers import is_inn, is_pin
from talapker.core.names import entity_name_key, name_key
from talapker.filings.formats.model import Contribution as RowC
from talapker.filings.formats.model import Expenditure as RowE
from talapker.filings.formats.model import ReportData, Upload
from talapker.filings.models import (
    Contribution,
    Expenditure,
    IdempotencyKey,
    QuarantinedFile,
    Report,
    ReportKind,
    ReportVersion,
)
from talapker.filings.scans import scan_check
from talapker.filings.signals import version_filed
from talapker.filings.totals import donor_totals_store
from talapker.funds.models import Fund


class IdempotencyConflict(InputError):
    """The key was used before for a different request."""


@dataclass(frozen=True)
class Filed:
    """What filing returns: the version, and whether it was filed by an earlier request."""

    version: ReportVersion
    replayed: bool = False

    def receipt(self) -> dict[str, Any]:
        v = self.version
        return {
            "receipt": v.receipt,
            "fund": v.report.fund.code,
            "kind": v.report.kind,
            "version": v.number,
            "filed_at": v.filed_at.isoformat() if v.filed_at else None,
            "sha256": v.content_sha256,
            "scan_sha256": v.scan_sha256 or None,
            "late": v.is_late,
            "due_on": v.due_on.isoformat() if v.due_on else None,
            "replayed": self.replayed,
        }


def _row(item: RowC | RowE) -> list[str]:
    values = []
    for value in vars(item).values():
        values.append(value.isoformat() if isinstance(value, dt.date) else str(value))
    return values


def source_record(upload: Upload) -> dict[str, Any]:
    """What is kept of a file the report came in: its name, size and digest."""
    return {
        "name": upload.name,
        "sha256": hashlib.sha256(upload.data).hexdigest(),
        "bytes": len(upload.data),
    }


def content_sha256(
    fund: Fund, kind: str, period_from: dt.date, period_to: dt.date, data: ReportData
) -> str:
    """The digest printed on the receipt: of the report's content, not of the file it came
    in, so the same report sent as CSV, XLSX or JSON has one digest."""
    body = {
        "election": fund.election.code,
        "fund": fund.code,
        "kind": kind,
        "period_from": period_from.isoformat(),
        "period_to": period_to.isoformat(),
        "contributions": [_row(c) for c in data.contributions],
        "expenditures": [_row(e) for e in data.expenditures],
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def due_date(fund: Fund, kind: str) -> dt.date:
    election = fund.election
    return election.final_report_due if kind == ReportKind.FINAL else election.interim_report_due


@files_staged
def quarantine(fund: Fund, upload: Upload, reasons: Sequence[str], actor: str) -> QuarantinedFile:
    """Keep a dangerous upload aside for the commission; committed even when filing fails."""
    with transaction.atomic():
        kept = QuarantinedFile(
            fund=fund,
            name=upload.name[:255],
            sha256=hashlib.sha256(upload.data).hexdigest(),
            reasons=list(reasons),
            submitted_by=actor,
        )
        kept.file.save("quarantined.bin", ContentFile(upload.data), save=False)
        kept.save()
        audit_record(
            "file.quarantined",
            actor=actor,
            object_type="filings.quarantinedfile",
            object_id=str(kept.pk),
            data={"fund": fund.code, "sha256": kept.sha256, "reasons": list(reasons)},
        )
    return kept


def scan_checked(fund: Fund, scan: Upload, actor: str) -> str:
    """The scan's SHA-256 if it is a safe PDF; else InputError (after quarantine if needed)."""
    verdict = scan_check(scan.name, scan.data)
    if verdict.ok:
        return verdict.sha256
    if verdict.quarantine:
        quarantine(fund, scan, verdict.reasons, actor)
    reasons = "; ".join(str(m) for m in verdict.messages())
    raise InputError(scan.name, reasons)


def check_period(fund: Fund, period_from: dt.date, period_to: dt.date) -> None:
    if period_from > period_to:
        raise InputError("", _("the period starts after it ends"))


@files_staged
def report_file(
    fund: Fund,
    kind: str,
    period_from: dt.date,
    period_to: dt.date,
    data: ReportData,
    *,
    channel: str,
    actor: str,
    scan: Upload | None = None,
    sources: Sequence[Upload] = (),
    source_records: Sequence[dict[str, Any]] = (),
    idempotency_key: str = "",
    request_sha256: str = "",
    now: dt.datetime | None = None,
) -> Filed:
    """File one version of the fund's report of `kind` (see the module docstring)."""
    if kind not in ReportKind.values:
        raise InputError("", _("unknown report kind %(kind)s") % {"kind": kind})
    check_period(fund, period_from, period_to)
    if idempotency_key:
        earlier = _replay(fund, idempotency_key, request_sha256)
        if earlier:
            return earlier
    scan_sha = scan_checked(fund, scan, actor) if scan else ""
    digest = content_sha256(fund, kind, period_from, period_to, data)
    filed_at = now or timezone.now()
    try:
        with transaction.atomic():
            version = _create(fund, kind, period_from, period_to, channel, actor, filed_at)
            version.content_sha256 = digest
            if scan:
                version.scan.save("scan.pdf", ContentFile(scan.data), save=False)
            version.scan_sha256 = scan_sha
            version.sources = [*source_records, *(source_record(s) for s in sources)]
            version.save(force_insert=True)
            rows_store(version, data)
            donor_totals_store(version)
            if idempotency_key:
                IdempotencyKey.objects.create(
                    fund=fund, key=idempotency_key, request_sha256=request_sha256, version=version
                )
            audit_record(
                "report.filed",
                actor=actor,
                object_type="filings.reportversion",
                object_id=str(version.pk),
                data=Filed(version).receipt() | {"channel": channel},
            )
            version_filed.send(sender=ReportVersion, fund=fund, version=version, actor=actor)
    except IntegrityError:
        if idempotency_key:  # a concurrent request with the same key won the race
            earlier = _replay(fund, idempotency_key, request_sha256)
            if earlier:
                return earlier
        raise
    return Filed(version)


def _replay(fund: Fund, key: str, request_sha256: str) -> Filed | None:
    known = IdempotencyKey.objects.filter(fund=fund, key=key).select_related("version").first()
    if known is None:
        return None
    if known.request_sha256 != request_sha256:
        raise IdempotencyConflict(
            "", _("this Idempotency-Key was already used for a different report")
        )
    return Filed(known.version, replayed=True)


def _create(
    fund: Fund,
    kind: str,
    period_from: dt.date,
    period_to: dt.date,
    channel: str,
    actor: str,
    filed_at: dt.datetime,
) -> ReportVersion:
    """The new current version (not saved yet); the previous one stops being current."""
    report, _created = Report.objects.select_for_update().get_or_create(fund=fund, kind=kind)
    previous = report.versions.filter(is_current=True).first()
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    if previous:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    due = due_date(fund, kind)
    return ReportVersion(
        report=report,
        state=ReportVersion.State.FILED,
        number=last + 1,
        period_from=period_from,
        period_to=period_to,
        channel=channel,
        receipt=f"TK-{filed_at.year}-{secrets.token_hex(4).upper()}",
        filed_at=filed_at,
        filed_by=actor,
        is_current=True,
        due_on=due,
        is_late=timezone.localdate(filed_at) > due,
        supersedes=previous,
    )


def donor_facts(row: RowC) -> tuple[str, bool]:
    """The name key of the donor's filed name and whether the id is well-formed for the kind
    of donor (a PIN for people, an INN for entities, a sole trader's INN being a PIN)."""
    if row.donor_kind == "legal_entity":
        return entity_name_key(row.donor_name), is_inn(row.donor_id)
    return name_key(row.donor_name), is_pin(row.donor_id)


def rows_store(version: ReportVersion, data: ReportData) -> None:
    """Write a report's rows in large batches (rows are inserted once, never updated)."""
    fields = list(RowC.__dataclass_fields__)
    rows_insert(
        Contribution._meta.db_table,
        ["version_id", *fields, "donor_key", "donor_id_ok"],
        (
            (version.pk, *(getattr(c, n) for n in fields), *donor_facts(c))
            for c in data.contributions
        ),
    )
    fields = list(RowE.__dataclass_fields__)
    rows_insert(
        Expenditure._meta.db_table,
        ["version_id", *fields, "payee_key"],
        (
            (version.pk, *(getattr(e, n) for n in fields), name_key(e.payee_name))
            for e in data.expenditures
        ),
    )


def rows_of(version: ReportVersion) -> ReportData:
    """A stored version's rows, as the readers give them."""
    contributions = tuple(
        RowC(**{f: getattr(c, f) for f in RowC.__dataclass_fields__})
        for c in Contribution.objects.filter(version=version).order_by("line")
    )
    expenditures = tuple(
        RowE(**{f: getattr(e, f) for f in RowE.__dataclass_fields__})
        for e in Expenditure.objects.filter(version=version).order_by("line")
    )
    return ReportData(contributions, expenditures)


def _keyed(rows: Iterable[RowC | RowE]) -> dict[int, RowC | RowE]:
    return {row.line: row for row in rows}


@dataclass(frozen=True)
class RowChange:
    table: str
    line: int
    change: str  # added | removed | changed
    fields: tuple[str, ...] = ()
    old: RowC | RowE | None = None
    new: RowC | RowE | None = None


def version_diff(old: ReportData, new: ReportData) -> list[RowChange]:
    """What a correction changed, row by row (rows are identified by their `line`)."""
    changes: list[RowChange] = []
    for table in ("contributions", "expenditures"):
        before, after = _keyed(getattr(old, table)), _keyed(getattr(new, table))
        for line in sorted(before.keys() | after.keys()):
            a, b = before.get(line), after.get(line)
            if a is None:
                changes.append(RowChange(table, line, "added", new=b))
            elif b is None:
                changes.append(RowChange(table, line, "removed", old=a))
            elif a != b:
                fields = tuple(f for f in vars(a) if getattr(a, f) != getattr(b, f))
                changes.append(RowChange(table, line, "changed", fields, a, b))
    return changes


def draft_open(
    fund: Fund, kind: str, period_from: dt.date, period_to: dt.date, user: Any
) -> ReportVersion:
    """The report's draft, created if there is none. A new draft of a report already filed
    starts as a copy of the current version's rows, ready to be corrected."""
    check_period(fund, period_from, period_to)
    with transaction.atomic():
        report, _created = Report.objects.select_for_update().get_or_create(fund=fund, kind=kind)
        draft = report.versions.filter(state=ReportVersion.State.DRAFT).first()
        if draft:
            return draft
        draft = ReportVersion.objects.create(
            report=report,
            state=ReportVersion.State.DRAFT,
            period_from=period_from,
            period_to=period_to,
            channel="web",
            created_by=user,
        )
        current = report.versions.filter(is_current=True).first()
        if current:
            rows_store(draft, rows_of(current))
        return draft


def draft_replace(draft: ReportVersion, data: ReportData) -> None:
    """Put these rows in the draft in place of the ones it had."""
    if draft.is_filed:
        raise InputError("", _("a filed report is immutable: file a correction as a new version"))
    with transaction.atomic():
        Contribution.objects.filter(version=draft).delete()
        Expenditure.objects.filter(version=draft).delete()
        rows_store(draft, data)


def draft_file(draft: ReportVersion, scan: Upload, actor: str) -> Filed:
    """File the draft's rows as the report's next version, with its signed scan; the draft
    goes, the filed version stays."""
    fund = draft.report.fund
    scan_checked(fund, scan, actor)  # quarantines a dangerous scan before the filing fails
    with transaction.atomic():
        data = rows_of(draft)
        kind, period_from, period_to = draft.report.kind, draft.period_from, draft.period_to
        records = list(draft.sources)
        draft.delete()
        return report_file(
            fund,
            kind,
            period_from,
            period_to,
            data,
            channel="web",
            actor=actor,
            scan=scan,
            source_records=records,
        )
