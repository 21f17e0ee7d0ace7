"""The draft of a report: upload its files or type its rows, check it, and file it with the
signed scan. Every page works without JavaScript: each action is a plain form.

Nothing a filer uploads is stored unless all of it is valid: a refused file re-renders the
draft with every problem (file, line, column, reason in the page's language), and the draft
stays exactly as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from talapker.accounts.decorators import verified_required
from talapker.core.errors import InputError
from talapker.filings.checks import draft_checks_run
from talapker.filings.drafts import (
    ROW_MODELS,
    draft_discard,
    draft_period_set,
    draft_row_delete,
    draft_row_put,
    draft_upload,
)
from talapker.filings.formats.model import CONTRIBUTIONS, EXPENDITURES, ReportData, Upload
from talapker.filings.formats.problems import Problem, ReportInvalid
from talapker.filings.formats.registry import report_format, report_read
from talapker.filings.forms import (
    TABLE_LABELS,
    CsvUploadForm,
    PeriodForm,
    RowForm,
    ScanForm,
    XlsxUploadForm,
    report_problems,
    row_texts,
)
from talapker.filings.models import QuarantinedFile, ReportVersion
from talapker.filings.scans import DEFAULT_SCAN_LIMITS, REFUSE
from talapker.filings.services import draft_file, rows_of
from talapker.filings.views.access import ReportPlace, report_for
from talapker.filings.views.tables import balance, stored_row, version_tables

UPLOAD_FORMS = {"csv": CsvUploadForm, "xlsx": XlsxUploadForm}


def _draft_or_none(
    request: HttpRequest, election: str, fund: str, kind: str
) -> tuple[ReportPlace, ReportVersion | None]:
    place = report_for(request, election, fund, kind)
    return place, place.draft()


def _to_report(place: ReportPlace) -> HttpResponseBase:
    return redirect("filings:report", *place.url_args)


def _to_draft(place: ReportPlace, anchor: str = "") -> HttpResponseBase:
    url = reverse("filings:draft", args=place.url_args)
    return redirect(f"{url}#{anchor}" if anchor else url)


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


def _render_draft(
    request: HttpRequest, place: ReportPlace, draft: ReportVersion, **extra: Any
) -> HttpResponse:
    """The draft page; `extra` replaces a form with its bound copy, or adds problems."""
    tables = version_tables(request, draft)
    context: dict[str, Any] = {
        "place": place,
        "draft": draft,
        "tables": tables,
        "balance": balance(tables),
        "csv_form": CsvUploadForm(),
        "xlsx_form": XlsxUploadForm(),
        "scan_form": ScanForm(),
        "period_form": PeriodForm(
            initial={"period_from": draft.period_from, "period_to": draft.period_to}
        ),
        "problems": None,  # of a refused upload
        "checked": None,  # of the whole draft, after "check"
        "findings": None,  # of the commission's checks on the draft's rows, after "check"
        "scan_error": None,
        "quarantined": False,
    }
    context.update(extra)
    return render(request, "filings/draft.html", context)


@never_cache
@require_safe
@verified_required
def draft_page(request: HttpRequest, election: str, fund: str, kind: str) -> HttpResponseBase:
    place, draft = _draft_or_none(request, election, fund, kind)
    if draft is None:
        return _to_report(place)
    if not request.GET.get("check"):
        return _render_draft(request, place, draft)
    checked = report_problems(rows_of(draft))
    return _render_draft(request, place, draft, checked=checked, findings=draft_checks_run(draft))


def _too_large(file: UploadedFile, limit: int) -> Problem:
    params: tuple[tuple[str, str | int], ...] = (("limit", limit), ("size", file.size or 0))
    return Problem(file.name or "", None, None, "file_too_large", params)


def _read_uploads(
    name: str, files: dict[str, UploadedFile]
) -> tuple[list[Upload], ReportData | None, list[Problem]]:
    """The uploads and the report read from them, or the problems that refuse them.
    A file above the format's size cap is refused before it is read into memory."""
    limit = report_format(name).max_bytes()
    too_large = [_too_large(file, limit) for file in files.values() if (file.size or 0) > limit]
    if too_large:
        return [], None, too_large
    uploads = {role: Upload(file.name or role, file.read()) for role, file in files.items()}
    try:
        return list(uploads.values()), report_read(name, uploads), []
    except ReportInvalid as err:
        return [], None, err.problems


@never_cache
@require_POST
@verified_required
def draft_upload_view(
    request: HttpRequest, election: str, fund: str, kind: str
) -> HttpResponseBase:
    place, draft = _draft_or_none(request, election, fund, kind)
    if draft is None:
        return _to_report(place)
    name = request.POST.get("format", "")
    if name not in UPLOAD_FORMS:
        name = "xlsx" if "workbook" in request.FILES else "csv"
    form = UPLOAD_FORMS[name](request.POST, request.FILES)
    if not form.is_valid():
        return _render_draft(request, place, draft, **{f"{name}_form": form})
    uploads, data, problems = _read_uploads(name, dict(form.cleaned_data))
    if data is None:
        return _render_draft(
            request,
            place,
            draft,
            problems=problems,
            refused_files=[file.name for file in form.cleaned_data.values()],
        )
    draft_upload(draft, data, uploads, _actor(request))
    messages.success(
        request,
        _("Read %(contributions)s contributions and %(expenditures)s expenditures into the draft.")
        % {
            "contributions": len(data.contributions),
            "expenditures": len(data.expenditures),
        },
    )
    return _to_draft(place, "rows")


def _table_or_404(table: str) -> str:
    if table not in (CONTRIBUTIONS, EXPENDITURES):
        raise Http404
    return table


def _taken_lines(draft: ReportVersion, table: str, line: int | None) -> Iterable[int]:
    rows = ROW_MODELS[table].objects.filter(version=draft)
    if line is not None:
        rows = rows.exclude(line=line)
    return rows.values_list("line", flat=True)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@verified_required
def draft_row(
    request: HttpRequest,
    election: str,
    fund: str,
    kind: str,
    table: str,
    line: int | None = None,
) -> HttpResponseBase:
    """Add a row to a table of the draft (no `line`), or correct the row `line`."""
    _table_or_404(table)
    place, draft = _draft_or_none(request, election, fund, kind)
    if draft is None:
        return _to_report(place)
    stored = None
    if line is not None:
        stored = ROW_MODELS[table].objects.filter(version=draft, line=line).first()
        if stored is None:
            raise Http404
    taken = _taken_lines(draft, table, line)
    if request.method == "POST":
        form = RowForm(table, request.POST, taken_lines=taken)
        if form.is_valid() and form.row is not None:
            draft_row_put(draft, table, form.row, _actor(request), replacing=line)
            messages.success(
                request, _("Line %(line)s is saved in the draft.") % {"line": form.row.line}
            )
            return _to_draft(place, table)
    elif stored is not None:
        form = RowForm(table, initial=row_texts(stored_row(stored)), taken_lines=taken)
    else:
        last = ROW_MODELS[table].objects.filter(version=draft).aggregate(n=Max("line"))["n"]
        form = RowForm(table, initial={"line": (last or 0) + 1}, taken_lines=taken)
    context = {
        "place": place,
        "draft": draft,
        "table": table,
        "table_label": TABLE_LABELS[table],
        "line": line,
        "form": form,
    }
    return render(request, "filings/row.html", context)


@never_cache
@require_POST
@verified_required
def draft_row_delete_view(
    request: HttpRequest, election: str, fund: str, kind: str, table: str, line: int
) -> HttpResponseBase:
    _table_or_404(table)
    place, draft = _draft_or_none(request, election, fund, kind)
    if draft is None:
        return _to_report(place)
    if not draft_row_delete(draft, table, line, _actor(request)):
        raise Http404
    messages.success(request, _("Line %(line)s is deleted from the draft.") % {"line": line})
    return _to_draft(place, table)


@never_cache
@require_POST
@verified_required
def draft_period(request: HttpRequest, election: str, fund: str, kind: str) -> HttpResponseBase:
    place, draft = _draft_or_none(request, election, fund, kind)
    if draft is None:
        return _to_report(place)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            draft_period_set(
                draft,
                form.cleaned_data["period_from"],
                form.cleaned_data["period_to"],
                _actor(request),
            )
        except InputError as err:
            form.add_error(None, err.reason)
        else:
            messages.success(request, _("The period of the draft is changed."))
            return _to_draft(place)
    return _render_draft(request, place, draft, period_form=form)


@never_cache
@require_POST
@verified_required
def draft_file_view(request: HttpRequest, election: str, fund: str, kind: str) -> HttpResponseBase:
    """File the draft with its signed scan; a refused scan re-renders the draft with why."""
    place, draft = _draft_or_none(request, election, fund, kind)
    if draft is None:
        return _to_report(place)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_draft(request, place, draft, scan_form=form)
    file: UploadedFile = form.cleaned_data["scan"]
    if (file.size or 0) > DEFAULT_SCAN_LIMITS.max_bytes:
        return _render_draft(request, place, draft, scan_error=str(REFUSE["too_large"]))
    problems = report_problems(rows_of(draft))
    if problems:  # rows stored before a rule changed: a filed report always meets the rules
        return _render_draft(request, place, draft, checked=problems)
    scan = Upload(file.name or "scan.pdf", file.read())
    try:
        filed = draft_file(draft, scan, _actor(request))
    except InputError as err:
        draft = place.draft()  # filing failed and rolled back: the draft is as it was
        if draft is None:
            return _to_report(place)
        digest = hashlib.sha256(scan.data).hexdigest()
        quarantined = QuarantinedFile.objects.filter(fund=place.fund, sha256=digest).exists()
        return _render_draft(request, place, draft, scan_error=err.reason, quarantined=quarantined)
    version = filed.version
    messages.success(
        request,
        _("The report is filed as version %(number)s. Receipt number: %(receipt)s.")
        % {"number": version.number, "receipt": version.receipt},
    )
    return redirect("filings:version", *place.url_args, version.number)


@never_cache
@require_POST
@verified_required
def draft_discard_view(
    request: HttpRequest, election: str, fund: str, kind: str
) -> HttpResponseBase:
    place, draft = _draft_or_none(request, election, fund, kind)
    if draft is not None:
        draft_discard(draft, _actor(request))
        messages.success(request, _("The draft is discarded."))
    return _to_report(place)
