"""What the public is told about an election's register: the stations with their voters,
totals by country, region and district, the reasons people are kept off (counts only), and
the planning figures for voting abroad (registrations by country, city and source, week by
week; stations over and under their capacity). Every figure is a count read from the latest
build's tables; no person is ever listed."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from talapker.elections.models import Election
from talapker.voters.models import (
    HOME,
    AbroadRegistration,
    Exclusion,
    Precinct,
    Reason,
    RegisterBuild,
    StationCount,
)

OSM = "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


def map_link(precinct: Precinct) -> str:
    return OSM.format(lat=precinct.latitude, lon=precinct.longitude)


def stations_with_counts(election: Election) -> QuerySet[Precinct]:
    """Every station, with `voters`, `abroad_registered` and `moved_here` of the election."""
    counts = StationCount.objects.filter(election=election, precinct=OuterRef("code"))

    def count(name: str) -> Coalesce:
        return Coalesce(Subquery(counts.values(name)[:1]), Value(0), output_field=IntegerField())

    return Precinct.objects.annotate(
        voters=count("voters"),
        abroad_registered=count("abroad_registered"),
        moved_here=count("moved_here"),
    )


@dataclass
class RegisterSummary:
    build: RegisterBuild | None
    voters: int = 0
    at_home: int = 0
    abroad: int = 0
    exclusions: list[tuple[str, Any, int]] = field(default_factory=list)
    by_district: list[tuple[str, str, int]] = field(default_factory=list)  # region, district
    by_country: list[tuple[str, int]] = field(default_factory=list)  # abroad


def register_summary(election: Election) -> RegisterSummary:
    build = RegisterBuild.objects.filter(election=election).first()
    summary = RegisterSummary(build)
    if build is None:
        return summary
    # One read of the stations and one of the counts; every total is summed from them.
    places = {code: (country, region, district) for code, country, region, district in
              Precinct.objects.values_list("code", "country", "region", "district")}  # fmt: skip
    districts: Counter[tuple[str, str]] = Counter()
    countries: Counter[str] = Counter()
    for code, voters in StationCount.objects.filter(election=election).values_list(
        "precinct", "voters"
    ):
        summary.voters += voters
        country, region, district = places.get(code, (HOME, "", ""))
        if country == HOME:
            summary.at_home += voters
            districts[region, district] += voters
        else:
            summary.abroad += voters
            countries[country] += voters
    summary.by_district = [(r, d, n) for (r, d), n in sorted(districts.items())]
    summary.by_country = countries.most_common()
    held = dict(Exclusion.objects.filter(election=election).values_list("reason", "count"))
    summary.exclusions = [(code, label, held.get(code, 0)) for code, label in Reason.choices]
    return summary


@dataclass(frozen=True)
class StationLoad:
    precinct: Precinct
    voters: int
    capacity: int

    @property
    def percent(self) -> int:
        return round(100 * self.voters / self.capacity)


@dataclass
class AbroadPlanning:
    by_country: list[tuple[str, int]]
    by_city: list[tuple[str, str, int]]
    by_source: dict[str, int]
    by_week: list[tuple[dt.date, int]]
    over: list[StationLoad]
    under: list[StationLoad]


UNDER_PERCENT = 25  # a station abroad that expects fewer than this share of its capacity


def abroad_planning(election: Election) -> AbroadPlanning:
    """Registrations abroad by country, city, source and week; stations abroad whose voters
    exceed their capacity, or fill less than a quarter of it."""
    rows = AbroadRegistration.objects.filter(election=election).values_list(
        "country", "city", "source", "registered_on"
    )
    countries: Counter[str] = Counter()
    cities: Counter[tuple[str, str]] = Counter()
    sources: Counter[str] = Counter()
    weeks: dict[dt.date, int] = defaultdict(int)
    for country, city, source, day in rows.iterator():
        countries[country] += 1
        cities[country, city] += 1
        sources[source] += 1
        weeks[day - dt.timedelta(days=day.weekday())] += 1
    over, under = [], []
    stations = stations_with_counts(election).exclude(country=HOME).filter(capacity__isnull=False)
    for station in stations.order_by("country", "code"):
        voters: int = station.voters  # type: ignore[attr-defined]
        load = StationLoad(station, voters, station.capacity or 0)
        if load.voters > load.capacity:
            over.append(load)
        elif 100 * load.voters < UNDER_PERCENT * load.capacity:
            under.append(load)
    return AbroadPlanning(
        by_country=countries.most_common(),
        by_city=[(c, city, n) for (c, city), n in cities.most_common()],
        by_source=dict(sources),
        by_week=sorted(weeks.items()),
        over=sorted(over, key=lambda s: -s.percent),
        under=sorted(under, key=lambda s: s.percent),
    )
