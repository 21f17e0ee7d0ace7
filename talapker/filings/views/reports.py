"""The filer's funds, a report with all its versions, one filed version, and its scan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from talapker.accounts.decorators import verified_required
from talapker.accounts.permissions import funds_filed_by
from talapker.core.errors import InputError
from talapker.filings.drafts import draft_start
from talapker.filings.forms import PeriodForm
from talapker.filings.models import ReportKind, ReportVersion
from talapker.filings.services import due_date
from talapker.filings.views.access import ReportPlace, report_for
from talapker.filings.views.tables import balance, superseded_diff, version_tables
from talapker.funds.models import Fund


@dataclass(frozen=True)
class KindStatus:
    """One report of a fund on the filer's home page."""

    kind: str
    label: str
    due_on: dt.date
    current: ReportVersion | None
    draft: ReportVersion | None
    overdue: bool  # nothing filed and the due date has passed


@dataclass(frozen=True)
class FundStatus:
    fund: Fund
    reports: list[KindStatus]


def _statuses(funds: list[Fund]) -> list[FundStatus]:
    versions = ReportVersion.objects.filter(report__fund__in=funds).filter(
        Q(is_current=True) | Q(state=ReportVersion.State.DRAFT)
    )
    found: dict[tuple[int, str, str], ReportVersion] = {}
    for version in versions.select_related("report"):
        found[(version.report.fund_id, version.report.kind, version.state)] = version
    today = timezone.localdate()
    statuses = []
    for fund in funds:
        reports = []
        for kind in ReportKind:
            current = found.get((fund.pk, kind.value, ReportVersion.State.FILED))
            due = due_date(fund, kind.value)
            reports.append(
                KindStatus(
                    kind.value,
                    str(kind.label),
                    due,
                    current,
                    found.get((fund.pk, kind.value, ReportVersion.State.DRAFT)),
                    current is None and today > due,
                )
            )
        statuses.append(FundStatus(fund, reports))
    return statuses


@never_cache
@require_safe
@verified_required
def home(request: HttpRequest) -> HttpResponse:
    funds = list(
        funds_filed_by(request.user)
        .select_related("election", "party")
        .order_by("-election__election_day", "code")
    )
    return render(request, "filings/home.html", {"statuses": _statuses(funds)})


def default_period(place: ReportPlace) -> tuple[dt.date, dt.date]:
    """A correction covers what the current version covers; a first draft runs from the
    campaign's start to the due date (or election day, if that comes first)."""
    if place.report is not None:
        current = place.report.versions.filter(is_current=True).first()
        if current is not None:
            return current.period_from, current.period_to
    election = place.election
    return election.campaign_start, min(place.due_on, election.election_day)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@verified_required
def report_page(request: HttpRequest, election: str, fund: str, kind: str) -> HttpResponseBase:
    """The report's versions, and the form that starts a draft (or a correction)."""
    place = report_for(request, election, fund, kind)
    draft = place.draft()
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if draft is not None:
            return redirect("filings:draft", *place.url_args)
        if form.is_valid():
            try:
                draft_start(
                    place.fund,
                    kind,
                    form.cleaned_data["period_from"],
                    form.cleaned_data["period_to"],
                    request.user,
                )
            except InputError as err:
                form.add_error(None, err.reason)
            else:
                return redirect("filings:draft", *place.url_args)
    else:
        start, end = default_period(place)
        form = PeriodForm(initial={"period_from": start, "period_to": end})
    versions: list[ReportVersion] = []
    if place.report is not None:
        versions = list(
            place.report.versions.filed().select_related("supersedes").order_by("-number")
        )
    context: dict[str, Any] = {
        "place": place,
        "versions": versions,
        "draft": draft,
        "form": form,
    }
    return render(request, "filings/report.html", context)


@never_cache
@require_safe
@verified_required
def version_page(
    request: HttpRequest, election: str, fund: str, kind: str, number: int
) -> HttpResponse:
    """A filed version: its receipt, its rows, and what it changed in the one it superseded."""
    place = report_for(request, election, fund, kind)
    version = place.version(number)
    superseded_by = ReportVersion.objects.filter(supersedes=version).first()
    tables = version_tables(request, version)
    context = {
        "place": place,
        "version": version,
        "superseded_by": superseded_by,
        "tables": tables,
        "balance": balance(tables),
        "diff": superseded_diff(version),
    }
    return render(request, "filings/version.html", context)


@never_cache
@require_safe
@verified_required
def version_scan(
    request: HttpRequest, election: str, fund: str, kind: str, number: int
) -> FileResponse:
    """The signed scan, only ever as a download (a PDF is never rendered on our origin)."""
    place = report_for(request, election, fund, kind, auditors=True)
    version = place.version(number)
    if not version.scan:
        raise Http404
    try:
        handle = version.scan.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{election}-{fund}-{kind}-v{number}-scan.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
