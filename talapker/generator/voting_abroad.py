"""Voting at home and abroad: the stations (``results/precincts.csv``) and the registrations
abroad (``results/abroad_registrations.csv``), formats.md section 7.

The voters abroad are the population sample's ``abroad`` people (adult, alive, biometric
citizens: every row passes ``talapker import-abroad``), drawn down to the scale's count.
Each is registered at a station abroad, chosen by where migrants work (:mod:`.abroad_places`),
in that station's country and city. Where mobile groups travel (Turkey, the United States,
Italy, Russia, Kazakhstan) about half come through a group, which visits each station for a
few days between eight and four weeks before election day; the rest register at a consulate
from eleven weeks before until the list closes, 16 days before (the 2021 rule, §2). Dates
move with the calendar.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from .abroad_places import MOBILE_GROUP_COUNTRIES
from .common import Calendar, random_date, rng_for
from .people import Person
from .stations import Station, abroad_stations, home_stations, write_precincts
from .writers import write_csv

if TYPE_CHECKING:
    from .core import World

CONSULATE_FROM = timedelta(days=77)  # eleven weeks before election day
LIST_CLOSES = timedelta(days=16)  # the last day a registration abroad is accepted
MOBILE_SHARE = 0.55


def _group_visits(rng: random.Random, stations: list[Station], day: date) -> dict[str, date]:
    """The first day a mobile group registers at each station it visits."""
    return {
        s.code: day - timedelta(days=rng.randint(28, 56))
        for s in stations
        if s.country in MOBILE_GROUP_COUNTRIES
    }


def registration_rows(
    rng: random.Random, people: list[Person], stations: list[Station], calendar: Calendar
) -> list[tuple[str, ...]]:
    """One row per person, ordered by date and PIN, as the commission collects them."""
    day = calendar.election_day
    visits = _group_visits(rng, stations, day)
    cum = list(accumulate(s.weight for s in stations))
    rows: list[tuple[str, ...]] = []
    for person in people:
        station = rng.choices(stations, cum_weights=cum)[0]
        first = visits.get(station.code)
        if first is not None and rng.random() < MOBILE_SHARE:
            source = "mobile_group"
            on = first + timedelta(days=rng.randint(0, 6))
        else:
            source = "consulate"
            on = random_date(rng, day - CONSULATE_FROM, day - LIST_CLOSES)
        rows.append(
            (person.pin, station.country, station.city, station.code, on.isoformat(), source)
        )
    rows.sort(key=lambda r: (r[4], r[0]))
    return rows


def station_voters(
    at_home: dict[str, int], people: list[Person], rows: list[tuple[str, ...]]
) -> dict[str, int]:
    """Voters by station code: ``at_home`` (by the precinct of their address) with everyone
    registered abroad (``rows`` of :func:`registration_rows`) moved to their station abroad."""
    voters = dict(at_home)
    home = {p.pin: p.precinct for p in people}
    for pin, *_, code, _on, _source in rows:
        if home[pin]:
            if voters.get(home[pin], 0) <= 0:
                raise RuntimeError(f"voter {pin} abroad was not counted at {home[pin]}")
            voters[home[pin]] -= 1
        voters[code] = voters.get(code, 0) + 1
    return voters


def write_voting(world: World) -> None:
    """Write ``results/precincts.csv`` and ``results/abroad_registrations.csv``."""
    results = world.out_dir / "results"
    wanted = world.scale.abroad_registrations
    abroad = abroad_stations(world.seed, wanted)
    stations = home_stations(world.seed) + abroad
    world.summary["results/precincts.csv"] = write_precincts(results / "precincts.csv", stations)
    rng = rng_for(world.seed, "abroad-registrations")
    pool = world.population.abroad
    if len(pool) > wanted:  # keep the draw's order (the population's)
        keep = sorted(rng.sample(range(len(pool)), wanted))
        pool = [pool[i] for i in keep]
    rows = registration_rows(rng, pool, abroad, world.calendar)
    world.stations = stations
    world.registered = station_voters(world.population.voters, pool, rows)
    world.registered_as_written = station_voters(world.population.voters_as_written, pool, rows)
    world.summary["results/abroad_registrations.csv"] = write_csv(
        results / "abroad_registrations.csv", "abroad_registrations", rows
    )
