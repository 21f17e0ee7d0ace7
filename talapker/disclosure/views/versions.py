"""A filed report version: its receipt, its totals and what it corrected."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.disclosure import selectors, versions
from talapker.disclosure.views import _not_found_if_missing
from talapker.filings.models import ReportKind, ReportVersion


@require_safe
@_not_found_if_missing
def version_detail(
    request: HttpRequest, election: str, party: str, kind: str, number: int
) -> HttpResponse:
    if kind not in ReportKind.values:
        raise Http404
    found = selectors.party_get(election_code=election, party_code=party)
    version = (
        ReportVersion.objects.filed()
        .select_related("report", "supersedes", "totals")
        .get(report__fund__party=found, report__kind=kind, number=number)
    )
    later = ReportVersion.objects.filter(supersedes=version).only("number").first()
    return render(
        request,
        "disclosure/version.html",
        {
            "election": found.election,
            "party": found,
            "version": version,
            "superseded_by": later,
            "diff": versions.public_diff(version),
        },
    )
