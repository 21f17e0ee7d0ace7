"""The commission staff's pages (auditors and administrators only): the elections at a glance,
uploading a bank statement, a fund's reconciliation, and a statement's original file.

Everyone else is refused: the public is sent to the login page, a signed-in user without a
staff role gets 403. The pages are never cached. Views are thin: reads in `selectors`, the
one write in `services.statement_import`.
"""

from __future__ import annotations

import contextlib
import re
from typing import cast

from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from talapker.accounts.decorators import staff_only
from talapker.banking import selectors
from talapker.banking.forms import MAX_BYTES, SizeCapHandler, StatementUploadForm, StatusFilterForm
from talapker.banking.models import Statement
from talapker.banking.services import Imported, statement_import
from talapker.core.errors import InputError
from talapker.elections.models import Election
from talapker.funds.models import Fund

TRANSACTIONS_PER_PAGE = 100
UNSAFE_IN_FILE_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f/\\"]')


@require_safe
@never_cache
@staff_only
def overview(request: HttpRequest) -> HttpResponse:
    elections = selectors.election_overview(today=timezone.localdate())
    return render(request, "staff/overview.html", {"elections": elections})


@csrf_exempt  # the size cap must be installed before anything reads the body; see below
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@staff_only
def statement_upload(request: HttpRequest) -> HttpResponse:
    cap = SizeCapHandler(request, MAX_BYTES)
    # If the body was already read, the handlers cannot change: the form checks the size.
    with contextlib.suppress(AttributeError):
        request.upload_handlers = [cap, *request.upload_handlers]
    return _statement_upload(request, cap)


@csrf_protect
def _statement_upload(request: HttpRequest, cap: SizeCapHandler) -> HttpResponse:
    """The upload form, and on POST the statement stored and the outcome shown: what it
    added, that the very same file was received before, or why the file was refused."""
    imported: Imported | None = None
    refused: InputError | None = None
    if request.method == "POST":
        form = StatementUploadForm(request.POST, request.FILES, too_large=cap.exceeded)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imported = _import(
                    upload.name or "",
                    upload.read(),
                    actor=cast(User, request.user).get_username(),
                    election=form.cleaned_data["election"],
                )
            except InputError as error:
                refused = error  # the page writes where (file, line, column) in its language
    else:
        form = StatementUploadForm()
    context = {"form": form, "imported": imported, "refused": refused, "max_bytes": MAX_BYTES}
    return render(request, "staff/statement_upload.html", context)


def _import(name: str, data: bytes, *, actor: str, election: Election | None) -> Imported:
    try:
        return statement_import(name, data, actor=actor, channel="web", election=election)
    except IntegrityError:
        # The same file, or an overlapping one, was stored concurrently: now that it is
        # committed, the import sees it and stores only what is new.
        return statement_import(name, data, actor=actor, channel="web", election=election)


@require_safe
@never_cache
@staff_only
def fund_detail(request: HttpRequest, election: str, fund: str) -> HttpResponse:
    try:
        found = selectors.fund_get(election_code=election, fund_code=fund)
    except Fund.DoesNotExist:
        raise Http404 from None
    filter_form = StatusFilterForm(request.GET)
    status = filter_form.chosen()
    page = Paginator(
        selectors.transaction_list(found, status=status), TRANSACTIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    versions = selectors.report_versions(found)
    counts = selectors.status_counts(found)
    context = {
        "election": found.election,
        "fund": found,
        "filter_form": filter_form,
        "status": status,
        "counts": counts,
        "total_count": sum(c.count for c in counts),
        "page": page,
        "rows": selectors.transaction_rows(list(page.object_list)),
        "accounts": selectors.account_totals(found),
        "report_totals": selectors.report_totals(versions),
        "versions": versions,
        "statements": selectors.statement_list(found),
    }
    return render(request, "staff/fund_detail.html", context)


def download_name(statement: Statement) -> str:
    """The name the file was sent with, made safe for a Content-Disposition header."""
    name = UNSAFE_IN_FILE_NAME.sub("_", statement.name).strip(" .")
    return name or f"statement-{statement.pk}"


@require_safe
@never_cache
@staff_only
def statement_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The statement exactly as it was received, always as a download, never shown inline."""
    statement = get_object_or_404(Statement, pk=pk)
    try:
        handle = statement.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(statement),
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
