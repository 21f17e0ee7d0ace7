"""The pages of the requests to vote abroad.

Public: the request form (`/voters/abroad/`), finding a request by its tracking code
(`/voters/requests/`, by POST) and following one (`/voters/requests/<code>/`), which shows
the state, the station asked for, the dates and a refusal's reason, never the person. The
PIN travels only in a POST body; nothing here logs it. The form and the search are limited
per client address (`ATTEMPTS`, `FINDS`) so that they cannot be used to probe the register
or guess codes.

Staff (auditors and administrators; the public is sent to the login page, others get 403):
an election's queue, pending first, filtered by state and country, with each voter's home
station and the station asked for; approving or refusing a waiting request.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from talapker.accounts.decorators import staff_only
from talapker.accounts.throttling import client_ip
from talapker.core.countries import country_name
from talapker.core.forms import form_saved
from talapker.core.http.counters import counters
from talapker.elections.models import Election
from talapker.voters.models import MoveRequest, Precinct, RequestState, StationCount, Voter
from talapker.voters.request_forms import (
    AbroadRequestForm,
    RequestDecisionForm,
    RequestFindForm,
    RequestQueueFilterForm,
)
from talapker.voters.requests import (
    AlreadyAsked,
    elections_open_for_requests,
    request_create,
    request_deadline,
    request_decide,
    stations_abroad,
    tracking_code_clean,
)

# (attempts, seconds) per client address: requests asked, and codes looked up or missed.
ATTEMPTS = (10, 3600)
FINDS = (30, 3600)
REQUESTS_PER_PAGE = 100
PENDING_FIRST = Case(
    When(state=RequestState.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def _over_limit(request: HttpRequest, scope: str, limit: tuple[int, int]) -> bool:
    """Count this attempt from the client's address; True once it is over the limit."""
    attempts, period = limit
    window = int(time.time() // period)
    key = f"voters-{scope}-{client_ip(request) or 'unknown'}:{window}"
    return counters().count(key, 2 * period) > attempts


def _too_many(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["too_many"] = _(
        "Too many attempts from your address. Please try again in an hour, or ask at a consulate."
    )
    response = render(request, template, context, status=429)
    response["Retry-After"] = "3600"
    return response


def _stations(codes: set[str]) -> dict[str, Precinct]:
    return {p.code: p for p in Precinct.objects.filter(code__in=codes)}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def abroad_request(request: HttpRequest) -> HttpResponseBase:
    """The voter's request to vote at a station abroad."""
    elections = elections_open_for_requests()
    stations = stations_abroad()
    form = AbroadRequestForm(elections=elections, stations=stations)
    context: dict[str, Any] = {
        "deadlines": [(e, request_deadline(e)) for e in elections],
        "stations": stations,
    }
    status = 200
    if request.method == "POST":
        form = AbroadRequestForm(request.POST, elections=elections, stations=stations)
        context["form"] = form
        if _over_limit(request, "abroad", ATTEMPTS):
            return _too_many(request, "voters/request_form.html", context)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                move = request_create(
                    data["election"], data["pin"], data["birth_date"], data["precinct"]
                )
            except AlreadyAsked as asked:
                context["waiting"] = asked.request
                status = 200
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _(
                        "Your request is recorded. Keep its tracking code, %(code)s: it is "
                        "the only way to follow the request."
                    )
                    % {"code": move.tracking_code},
                )
                return redirect("voters:request", move.tracking_code)
    context["form"] = form
    return render(request, "voters/request_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_find(request: HttpRequest) -> HttpResponseBase:
    """Find a request by its tracking code (sent by POST, then its page)."""
    form = RequestFindForm()
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = RequestFindForm(request.POST)
        context["form"] = form
        if _over_limit(request, "find", FINDS):
            return _too_many(request, "voters/request_find.html", context)
        status = 400
        if form.is_valid():
            code = form.cleaned_data["code"]
            if MoveRequest.objects.filter(tracking_code=code).exists():
                return redirect("voters:request", code)
            form.add_error("code", _("No request has this tracking code. Check it and try again."))
            status = 404
    context["form"] = form
    return render(request, "voters/request_find.html", context, status=status)


@never_cache
@require_safe
def request_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    """One request: its state, the station asked for, the dates and a refusal's reason."""
    clean = tracking_code_clean(code)
    if clean is not None and clean != code:
        return redirect("voters:request", clean)
    move = (
        MoveRequest.objects.select_related("election").filter(tracking_code=clean).first()
        if clean
        else None
    )
    if move is None:
        if _over_limit(request, "find", FINDS):
            return _too_many(request, "voters/request_find.html", {"form": RequestFindForm()})
        raise Http404(_("No request has this tracking code."))
    context = {
        "move": move,
        "election": move.election,
        "station": Precinct.objects.filter(code=move.precinct).first(),
        "country": country_name(move.country),
    }
    return render(request, "voters/request_detail.html", context)


@never_cache
@staff_only  # before the method check: whoever is not staff is refused whatever the method
@require_safe
def request_queue(request: HttpRequest, election: str) -> HttpResponse:
    """An election's requests to vote abroad: pending first, then the newest decisions."""
    found = get_object_or_404(Election, code=election)
    requests = MoveRequest.objects.filter(election=found)
    countries = sorted(set(requests.values_list("country", flat=True).distinct()), key=country_name)
    filter_form = RequestQueueFilterForm(request.GET, countries=countries)
    chosen = filter_form.chosen()
    counts = {state: requests.filter(state=state).count() for state in RequestState.values}
    if chosen["state"]:
        requests = requests.filter(state=chosen["state"])
    if chosen["country"]:
        requests = requests.filter(country=chosen["country"])
    requests = requests.order_by(PENDING_FIRST, "created_at", "pk")
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = _rows(found, list(page.object_list))
    context = {
        "election": found,
        "filter_form": filter_form,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "state_counts": [
            {"code": code, "label": label, "count": counts[code]}
            for code, label in RequestState.choices
        ],
        "page": page,
        "rows": rows,
    }
    return render(request, "voters/staff_requests.html", context)


def _rows(election: Election, moves: list[MoveRequest]) -> list[dict[str, Any]]:
    """Each request with the voter's home and current stations and the station asked for."""
    voters = {
        v.pin: v for v in Voter.objects.filter(election=election, pin__in={m.pin for m in moves})
    }
    codes = {m.precinct for m in moves}
    for v in voters.values():
        codes |= {v.home_precinct, v.precinct}
    stations = _stations(codes)
    counted = dict(
        StationCount.objects.filter(
            election=election, precinct__in={m.precinct for m in moves}
        ).values_list("precinct", "voters")
    )
    rows = []
    for m in moves:
        voter = voters.get(m.pin)
        rows.append(
            {
                "move": m,
                "country": country_name(m.country),
                "asked": stations.get(m.precinct),
                "asked_voters": counted.get(m.precinct, 0),
                "home_code": voter.home_precinct if voter else "",
                "home": stations.get(voter.home_precinct) if voter else None,
                "current_code": voter.precinct if voter else "",
                "current": stations.get(voter.precinct) if voter else None,
                "on_register": voter is not None,
            }
        )
    return rows


@never_cache
@staff_only
@require_http_methods(["GET", "HEAD", "POST"])
def request_review(request: HttpRequest, election: str, code: str) -> HttpResponseBase:
    """One request, and the decision on it while it waits; back to the queue once decided."""
    move = get_object_or_404(
        MoveRequest.objects.select_related("election"), election__code=election, tracking_code=code
    )
    form = RequestDecisionForm()
    if request.method == "POST":
        form = RequestDecisionForm(request.POST)
        if form_saved(form, lambda data: request_decide(
            move, data["decision"] == "approve", data["reason"],
            actor=request.user.get_username(),
        )):  # fmt: skip
            if move.state == RequestState.APPROVED:
                messages.success(
                    request,
                    _(
                        "Request %(code)s is approved. The register is being rebuilt: the "
                        "voter moves to the station abroad."
                    )
                    % {"code": move.tracking_code},
                )
            else:
                messages.success(
                    request, _("Request %(code)s is refused.") % {"code": move.tracking_code}
                )
            return redirect("voterstaff:requests", election)
    context = {
        "election": move.election,
        "row": _rows(move.election, [move])[0],
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "voters/staff_request.html", context, status=status)
