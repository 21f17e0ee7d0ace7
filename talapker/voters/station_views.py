"""Pages on an election's polling stations and register: the public list of stations with
their voters (`/{lang}/elections/{election}/precincts/`), the planning figures for voting
abroad (`…/precincts/abroad/`), and the staff page of the register's builds with who was
added, removed or moved (`/{lang}/staff/voters/{election}/register/`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from talapker.accounts.decorators import staff_only
from talapker.core.countries import country_name
from talapker.elections.models import Election
from talapker.voters.models import HOME, Precinct, RegisterBuild
from talapker.voters.stations import (
    abroad_planning,
    map_link,
    register_summary,
    stations_with_counts,
)

PER_PAGE = 100


@require_safe
def election_stations(request: HttpRequest, election: str) -> HttpResponse:
    found = get_object_or_404(Election, code=election)
    stations = stations_with_counts(found)
    countries = sorted(set(Precinct.objects.values_list("country", flat=True)))
    regions = sorted(set(Precinct.objects.filter(country=HOME).values_list("region", flat=True)))
    country = request.GET.get("country", "")
    country = country if country in countries else ""
    region = request.GET.get("region", "")
    region = region if region in regions else ""
    if country:
        stations = stations.filter(country=country)
    if region:
        stations = stations.filter(region=region)
    page = Paginator(stations.order_by("country", "region", "district", "code"), PER_PAGE)
    shown = page.get_page(request.GET.get("page"))
    return render(
        request,
        "voters/stations.html",
        {
            "election": found,
            "summary": (summary := register_summary(found)),
            "abroad_by_country": [(country_name(c), n) for c, n in summary.by_country],
            "countries": sorted(  # by name as the reader's language writes it
                ((code, country_name(code)) for code in countries), key=lambda c: c[1]
            ),
            "regions": [r for r in regions if r],
            "country": country,
            "region": region,
            "page": shown,
            "rows": [
                {"s": s, "country": country_name(s.country), "map": map_link(s)}
                for s in shown.object_list
            ],
        },
    )


@require_safe
def abroad_statistics(request: HttpRequest, election: str) -> HttpResponse:
    found = get_object_or_404(Election, code=election)
    planning = abroad_planning(found)
    return render(
        request,
        "voters/abroad_statistics.html",
        {
            "election": found,
            "planning": planning,
            "by_country": [(country_name(c), n) for c, n in planning.by_country],
            "by_city": [(country_name(c), city, n) for c, city, n in planning.by_city[:50]],
        },
    )


@never_cache
@staff_only
@require_safe
def register_builds(request: HttpRequest, election: str) -> HttpResponse:
    found = get_object_or_404(Election, code=election)
    builds = RegisterBuild.objects.filter(election=found)
    latest = builds.first()
    changes = latest.changes.order_by("change", "pin") if latest else None
    page = Paginator(changes, PER_PAGE).get_page(request.GET.get("page")) if changes else None
    return render(
        request,
        "voters/staff_register.html",
        {
            "election": found,
            "summary": register_summary(found),
            "builds": builds[:20],
            "latest": latest,
            "page": page,
        },
    )
