"""The polling stations (``results/precincts.csv``, formats.md section 7), at home and abroad.

At home: one station for every code of every region's block (:mod:`.regions`), the codes
the population register's ``precinct`` column uses, each in a district of its region
(:mod:`.districts`), named after the building it stands in (a school, a house of culture, a
village club, the ayil okmotu) in Kyrgyz and Russian, with an address and coordinates near
its district's centre. Abroad: the 2025 stations (:mod:`.abroad_places`), coded from
:data:`FIRST_ABROAD` on, outside every home block, each with a capacity (voters it can
serve) drawn around the registrations expected there, so that some end over capacity.
The home stations do not depend on the scale; the capacities abroad do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from .abroad_places import PLACES, RUSSIAN_ADDRESSES, RUSSIAN_STREETS, Place
from .common import rng_for
from .districts import DISTRICTS, STREETS, VILLAGES, District, russian
from .regions import REGIONS, Region
from .writers import CsvFile

FIRST_ABROAD = 9001
HOME = "KGZ"

# building kinds (Kyrgyz name, Russian name; {n} a number, {s} a settlement) and weights
_TOWN_KINDS = (
    ("№{n} орто мектеп", "Средняя школа №{n}", 60),
    ("№{n} гимназия-мектеби", "Школа-гимназия №{n}", 10),
    ("№{n} бала бакча", "Детский сад №{n}", 8),
    ("№{n} кесиптик лицей", "Профессиональный лицей №{n}", 7),
    ("«{s}» маданият үйү", "Дом культуры «{s}»", 8),
    ("№{n} китепкана", "Библиотека №{n}", 7),
)
_VILLAGE_KINDS = (
    ("№{n} орто мектеп", "Средняя школа №{n}", 55),
    ("«{s}» айылдык клубу", "Сельский клуб «{s}»", 15),
    ("«{s}» айыл өкмөтүнүн имараты", "Здание айыл окмоту «{s}»", 12),
    ("«{s}» маданият үйү", "Дом культуры «{s}»", 10),
    ("№{n} бала бакча", "Детский сад №{n}", 8),
)
# stations abroad by kind: (Kyrgyz, Russian), {c} the city
_ABROAD_KINDS = {
    "E": ("Кыргыз Республикасынын элчилиги ({c})", "Посольство Кыргызской Республики ({c})"),
    "C": (
        "Кыргыз Республикасынын башкы консулдугу ({c})",
        "Генеральное консульство Кыргызской Республики ({c})",
    ),
    "H": (
        "Кыргыз диаспорасынын маданий борбору ({c})",
        "Культурный центр кыргызской диаспоры ({c})",
    ),
    "S": ("Мектеп имараты ({c})", "Здание школы ({c})"),
    "B": ("Бизнес-борбор ({c})", "Бизнес-центр ({c})"),
}


@dataclass(frozen=True)
class Station:
    """A row of ``precincts.csv`` (plus, abroad, its city and its share of registrations)."""

    code: str
    name_ky: str
    name_ru: str
    region: str
    district: str
    address: str
    country: str
    latitude: float
    longitude: float
    capacity: int | None = None
    city: str = ""
    weight: float = 0.0

    def row(self) -> tuple[str, ...]:
        capacity = "" if self.capacity is None else str(self.capacity)
        place = (self.region, self.district, self.address, self.country)
        where = (f"{self.latitude:.6f}", f"{self.longitude:.6f}")
        return (self.code, self.name_ky, self.name_ru, *place, *where, capacity)


def _shares(total: int, weights: list[int]) -> list[int]:
    """``total`` split by ``weights`` (largest remainders; each part at least 1)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [max(1, int(x)) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    i = 0
    while sum(parts) < total:
        parts[by_remainder[i % len(parts)]] += 1
        i += 1
    while sum(parts) > total:
        j = max(range(len(parts)), key=lambda k: parts[k] - exact[k])
        parts[j] -= 1
    return parts


def _pick(rng: random.Random, kinds: tuple[tuple[str, str, int], ...]) -> tuple[str, str]:
    ky, ru, _ = rng.choices(kinds, weights=[k[2] for k in kinds])[0]
    return ky, ru


def _district_stations(
    rng: random.Random, region: Region, district: District, codes: range
) -> list[Station]:
    stations = []
    number = 0
    for code in codes:
        if district.town:
            settlement = district.centre
            ky, ru = _pick(rng, _TOWN_KINDS)
            place = f"{settlement} ш."
        else:
            settlement = district.centre if rng.random() < 0.25 else rng.choice(VILLAGES)
            ky, ru = _pick(rng, _VILLAGE_KINDS)
            place = f"{district.ky}, {settlement} а."
        number += rng.randint(1, 3)
        street = rng.choice(STREETS)
        stations.append(
            Station(
                code=f"{code:04d}",
                name_ky=ky.format(n=number, s=settlement),
                name_ru=ru.format(n=number, s=russian(settlement)),
                region=region.ky,
                district=district.ky,
                address=f"{place}, {street} к., {rng.randint(1, 180)}",
                country=HOME,
                latitude=round(district.latitude + rng.uniform(-0.7, 0.7) * district.spread, 6),
                longitude=round(district.longitude + rng.uniform(-1, 1) * district.spread, 6),
            )
        )
    return stations


def home_stations(seed: int) -> list[Station]:
    """A station for every code of every region's block, in code order."""
    rng = rng_for(seed, "precincts")
    stations: list[Station] = []
    for region in REGIONS:
        districts = DISTRICTS[region.code]
        counts = _shares(region.precincts, [d.weight for d in districts])
        first = region.first_precinct
        for district, count in zip(districts, counts, strict=True):
            stations += _district_stations(rng, region, district, range(first, first + count))
            first += count
    return stations


def _address(rng: random.Random, place: Place) -> str:
    house = rng.randint(1, 120)
    if place.country in RUSSIAN_ADDRESSES:
        return f"г. {place.local}, {rng.choice(RUSSIAN_STREETS)}, {house}"
    if place.country in {"USA", "GBR", "CAN", "KOR", "JPN", "IND", "PAK", "MYS", "EGY"}:
        return f"{house} {place.street}, {place.local}"
    return f"{place.street} {house}, {place.local}"


def abroad_stations(seed: int, registrations: int) -> list[Station]:
    """The stations abroad, in code order; capacities drawn around each station's expected
    share of ``registrations`` (from 70 % to 150 % of it, in tens, at least 10)."""
    rng = rng_for(seed, "precincts-abroad")
    total = sum(p.weight * len(p.kinds) for p in PLACES)
    stations: list[Station] = []
    code = FIRST_ABROAD
    for place in PLACES:
        for kind in place.kinds:
            if kind == "H":
                kind = rng.choice("HHSB")
            ky, ru = _ABROAD_KINDS[kind]
            expected = registrations * place.weight / total
            capacity = max(10, round(expected * rng.uniform(0.7, 1.5), -1))
            stations.append(
                Station(
                    code=str(code),
                    name_ky=ky.format(c=place.city),
                    name_ru=ru.format(c=place.city),
                    region="",
                    district="",
                    address=_address(rng, place),
                    country=place.country,
                    latitude=round(place.latitude + rng.uniform(-0.03, 0.03), 6),
                    longitude=round(place.longitude + rng.uniform(-0.03, 0.03), 6),
                    capacity=int(capacity),
                    city=place.city,
                    weight=place.weight,
                )
            )
            code += 1
    return stations


def write_precincts(path: Path, stations: list[Station]) -> int:
    """Write ``precincts.csv`` (the formats.md columns and ``capacity``); return its rows."""
    with CsvFile(path, "precincts", extra=("capacity",)) as out:
        out.writerows([s.row() for s in stations])
        return out.rows
