"""A donor's page: every gift of one donor across spellings and funds, and for a company who
stands behind it (`donor_page.py`, `owners.py`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from talapker.disclosure.donor_page import donor_page
from talapker.disclosure.views import _not_found_if_missing
from talapker.elections.models import Election


@require_safe
@_not_found_if_missing
def donor_detail(request: HttpRequest, election: str, ref: str) -> HttpResponse:
    found = Election.objects.get(code=election)
    page = donor_page(found, ref, request.GET.get("page"))
    return render(request, "disclosure/donor.html", {"election": found, "d": page})
