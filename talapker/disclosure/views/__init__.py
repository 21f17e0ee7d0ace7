"""Public pages: thin function views over `selectors`, one template each.

Unknown codes are 404s: selectors raise `DoesNotExist`, which `_not_found_if_missing` turns
into `Http404` so that the project's 404 page is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from talapker.disclosure import money, selectors
from talapker.funds.models import Fund

View = Callable[..., HttpResponseBase]


def _not_found_if_missing(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404 from None

    return wrapper


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    elections = selectors.election_list(today=timezone.localdate())
    return render(request, "disclosure/home.html", {"elections": elections})


@require_safe
@_not_found_if_missing
def election_detail(request: HttpRequest, election: str) -> HttpResponse:
    found = selectors.election_get(code=election)
    listing = selectors.party_list_for_election(election=found)
    funds = money.election_funds(found)
    return render(
        request,
        "disclosure/election_detail.html",
        {"election": found, "listing": listing, "funds_money": money.funds_money(found, funds)},
    )


@require_safe
@_not_found_if_missing
def party_detail(request: HttpRequest, election: str, party: str) -> HttpResponse:
    found = selectors.party_get(election_code=election, party_code=party)
    funds = list(Fund.objects.filter(party=found))
    return render(
        request,
        "disclosure/party_detail.html",
        {
            "election": found.election,
            "party": found,
            "candidates": selectors.candidate_list_for_party(party=found),
            "excerpt_chars": selectors.PROGRAMME_EXCERPT_CHARS,
            "money": next(iter(money.funds_money(found.election, funds)), None),
        },
    )


@require_safe
@_not_found_if_missing
def party_programme(request: HttpRequest, election: str, party: str) -> FileResponse:
    """The programme PDF, always as a download: a PDF is never rendered inline on our origin."""
    found = selectors.party_get(election_code=election, party_code=party)
    if not found.programme:
        raise Http404
    try:
        handle = found.programme.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{found.election.code}-{found.code}-programme.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
@_not_found_if_missing
def candidate_detail(
    request: HttpRequest, election: str, party: str, position: int
) -> HttpResponse:
    found = selectors.party_get(election_code=election, party_code=party)
    candidate = selectors.candidate_get(party=found, position=position)
    return render(
        request,
        "disclosure/candidate_detail.html",
        {"election": found.election, "party": found, "candidate": candidate},
    )
