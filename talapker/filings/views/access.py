"""Who may open a filing page: a fund's own filers, and for the scans also the auditors.

Anyone else gets the same 404 a missing fund gives, so the pages never tell an outsider
which funds, reports or versions exist. Someone not signed in (or not past the second
factor) is sent to the login page first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404, HttpRequest

from talapker.accounts.permissions import can_file, is_auditor
from talapker.elections.models import Election
from talapker.filings.models import Report, ReportKind, ReportVersion
from talapker.filings.services import due_date
from talapker.funds.models import Fund


@dataclass(frozen=True)
class ReportPlace:
    """A fund's report of one kind, as a page addresses it (the report may not exist yet)."""

    fund: Fund
    kind: str
    report: Report | None

    @property
    def election(self) -> Election:
        return self.fund.election

    @property
    def kind_label(self) -> str:
        return str(ReportKind(self.kind).label)

    @property
    def due_on(self) -> dt.date:
        return due_date(self.fund, self.kind)

    @property
    def url_args(self) -> tuple[str, str, str]:
        return (self.fund.election.code, self.fund.code, self.kind)

    def draft(self) -> ReportVersion | None:
        if self.report is None:
            return None
        return self.report.versions.filter(state=ReportVersion.State.DRAFT).first()

    def version(self, number: int) -> ReportVersion:
        if self.report is None:
            raise Http404
        found = self.report.versions.filter(state=ReportVersion.State.FILED, number=number)
        version = found.select_related("supersedes").first()
        if version is None:
            raise Http404
        return version


def fund_for(request: HttpRequest, election: str, fund: str, *, auditors: bool = False) -> Fund:
    """The fund, if this user files for it (or, with `auditors`, reviews every fund)."""
    found = (
        Fund.objects.select_related("election", "party")
        .filter(election__code=election, code=fund)
        .first()
    )
    if found is None:
        raise Http404
    if can_file(request.user, found) or (auditors and is_auditor(request.user)):
        return found
    raise Http404


def report_for(
    request: HttpRequest, election: str, fund: str, kind: str, *, auditors: bool = False
) -> ReportPlace:
    """The fund's report of `kind` as the user may see it; 404 otherwise."""
    if kind not in ReportKind.values:
        raise Http404
    found = fund_for(request, election, fund, auditors=auditors)
    report = Report.objects.filter(fund=found, kind=kind).first()
    return ReportPlace(found, kind, report)
