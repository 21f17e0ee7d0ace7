"""The polling stations and the registrations abroad: every station the population's
addresses need, the 2025 stations abroad, registrations of real voters only, and files that
the platform's importers take as they are."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from talapker.core.formats import COLUMNS
from talapker.generator import SCALES
from talapker.generator.abroad_places import MOBILE_GROUP_COUNTRIES
from talapker.generator.districts import DISTRICTS
from talapker.generator.regions import REGIONS
from talapker.generator.stations import home_stations

from .conftest import Generated

PRECINCTS = "results/precincts.csv"
ABROAD = "results/abroad_registrations.csv"
PROTOCOLS = "results/protocols/????.json"  # the machine counts as first sent
ELECTION_DAY = date(2026, 11, 29)


def _age(birth: str, on: date = ELECTION_DAY) -> int:
    b = date.fromisoformat(birth)
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def test_the_files_have_the_columns_of_formats_md(demo: Generated) -> None:
    assert demo.header(PRECINCTS) == [*COLUMNS["precincts"], "capacity"]
    assert demo.header(ABROAD) == list(COLUMNS["abroad_registrations"])


def test_every_address_of_the_population_has_its_station_in_its_region(demo: Generated) -> None:
    home = {r["code"]: r for r in demo.rows(PRECINCTS) if r["country"] == "KGZ"}
    assert len(home) == sum(r.precincts for r in REGIONS)
    for person in demo.rows("registers/population.csv"):
        if person["precinct"]:
            assert home[person["precinct"]]["region"] == person["region"]
    for region in REGIONS:
        districts = {d.ky: d for d in DISTRICTS[region.code]}
        for code in region.precinct_codes:
            station = home[f"{code:04d}"]
            assert station["region"] == region.ky
            district = districts[station["district"]]
            assert station["name_ky"] and station["name_ru"] and station["address"]
            assert abs(float(station["latitude"]) - district.latitude) <= district.spread
            assert abs(float(station["longitude"]) - district.longitude) <= district.spread
            assert station["capacity"] == ""


def test_the_stations_abroad_are_those_of_2025(demo: Generated) -> None:
    abroad = [r for r in demo.rows(PRECINCTS) if r["country"] != "KGZ"]
    countries = Counter(r["country"] for r in abroad)
    assert len(abroad) == 100 and len(countries) == 34 and countries["RUS"] == 40
    assert {"KAZ", "TUR", "USA", "ITA", "GBR", "ARE", "KOR"} <= set(countries)
    home_codes = {f"{c:04d}" for r in REGIONS for c in r.precinct_codes}
    for station in abroad:
        assert station["code"] not in home_codes
        assert station["region"] == station["district"] == ""
        assert int(station["capacity"]) >= 10
        assert station["name_ky"] != station["name_ru"]
    embassy = next(r for r in abroad if r["country"] == "TUR" and "Анкара" in r["name_ru"])
    assert (Decimal(embassy["latitude"]) - Decimal("39.9334")).copy_abs() < Decimal("0.05")


def test_registrations_name_voters_at_a_station_of_their_country(demo: Generated) -> None:
    rows = demo.rows(ABROAD)
    assert len(rows) == SCALES["demo"].abroad_registrations
    assert len({r["pin"] for r in rows}) == len(rows)
    stations = {r["code"]: r for r in demo.rows(PRECINCTS) if r["country"] != "KGZ"}
    people = {p["pin"]: p for p in demo.rows("registers/population.csv")}
    candidates = {c["pin"] for c in demo.rows("election/candidates.csv")}
    for r in rows:
        person = people[r["pin"]]
        assert "KGZ" in person["citizenship"].split(";")
        assert person["death_date"] == "" and person["biometric"] == "1"
        assert _age(person["birth_date"]) >= 18
        assert r["pin"] not in candidates
        assert stations[r["precinct"]]["country"] == r["country"]
        assert r["city"] in stations[r["precinct"]]["name_ru"]
        on = date.fromisoformat(r["registered_on"])
        assert ELECTION_DAY - timedelta(days=77) <= on <= ELECTION_DAY - timedelta(days=16)
        if r["source"] == "mobile_group":
            assert r["country"] in MOBILE_GROUP_COUNTRIES
    assert {r["source"] for r in rows} == {"mobile_group", "consulate"}
    by_country = Counter(r["country"] for r in rows)
    assert by_country.most_common(1)[0][0] == "RUS"
    assert by_country["RUS"] > len(rows) / 2
    assert any(not people[r["pin"]]["precinct"] for r in rows)  # no address at home


def test_some_stations_abroad_end_over_capacity(demo: Generated) -> None:
    registered = Counter(r["precinct"] for r in demo.rows(ABROAD))
    abroad = [r for r in demo.rows(PRECINCTS) if r["country"] != "KGZ"]
    over = [r for r in abroad if registered[r["code"]] > int(r["capacity"])]
    assert 5 <= len(over) <= 60


def test_the_stations_are_the_same_for_a_seed() -> None:
    assert home_stations(2026) == home_stations(2026)
    assert home_stations(2026) != home_stations(2027)


@pytest.mark.django_db
def test_the_importers_take_the_files_and_the_register_moves_the_voters_abroad(
    demo: Generated, election: object
) -> None:
    from talapker.registers.services import register_import
    from talapker.voters.abroad import abroad_import
    from talapker.voters.build import register_build
    from talapker.voters.models import Exclusion, Precinct, StationCount
    from talapker.voters.precincts import precincts_import

    register_import("population", demo.root / "registers" / "population.csv")
    assert precincts_import(demo.root / PRECINCTS)["created"] == 2540
    assert Precinct.objects.filter(country="KGZ", capacity=None).count() == 2440
    batch = abroad_import(election, demo.root / ABROAD)  # type: ignore[arg-type]
    assert batch.new == SCALES["demo"].abroad_registrations
    build = register_build(election, trigger="test")  # type: ignore[arg-type]
    counts = StationCount.objects.filter(election=election)
    assert sum(c.abroad_registered for c in counts) == batch.new
    no_station = Exclusion.objects.get(election=election, reason="no_station").count
    assert 0 < no_station < build.voters / 20  # only people without an address at home
    # every precinct protocol holds the number of voters the build puts at its station
    built = {c.precinct: c.voters for c in counts}
    protocols = [json.loads(f.read_text("utf-8")) for f in demo.root.glob(PROTOCOLS)]
    assert len(protocols) == 2540
    assert all(p["registered"] == built.get(p["precinct"], 0) for p in protocols)
    assert precincts_import(demo.root / PRECINCTS) == {"created": 0, "updated": 0, "removed": 0}
