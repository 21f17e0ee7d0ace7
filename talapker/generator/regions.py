"""The nine first-level regions of the Kyrgyz Republic and their blocks of precinct codes.

Registers and candidate lists write a region by its **Kyrgyz name** (``Region.ky``, e.g.
``"Ысык-Көл облусу"``, ``"Ош шаары"``); the Russian and English names are here for pages.
Each region owns a contiguous block of four-digit precinct codes, sized roughly by
population; later modules (``precincts.csv``) draw from the same blocks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """A city of republican significance or an oblast."""

    code: str
    ky: str
    ru: str
    en: str
    #: relative population weight (about thousands of residents)
    weight: int
    #: first precinct code and number of precincts
    first_precinct: int
    precincts: int

    @property
    def precinct_codes(self) -> range:
        """All precinct codes of the region (as ints; write them with ``f"{c:04d}"``)."""
        return range(self.first_precinct, self.first_precinct + self.precincts)


def _build() -> tuple[Region, ...]:
    spec = [
        # code, ky, ru, en, weight, precincts
        ("bishkek", "Бишкек шаары", "город Бишкек", "Bishkek city", 1150, 260),
        ("osh-city", "Ош шаары", "город Ош", "Osh city", 360, 80),
        ("batken", "Баткен облусу", "Баткенская область", "Batken Region", 550, 190),
        (
            "jalal-abad",
            "Жалал-Абад облусу",
            "Джалал-Абадская область",
            "Jalal-Abad Region",
            1300,
            480,
        ),
        ("issyk-kul", "Ысык-Көл облусу", "Иссык-Кульская область", "Issyk-Kul Region", 500, 220),
        ("naryn", "Нарын облусу", "Нарынская область", "Naryn Region", 300, 160),
        ("osh", "Ош облусу", "Ошская область", "Osh Region", 1400, 520),
        ("talas", "Талас облусу", "Таласская область", "Talas Region", 270, 110),
        ("chui", "Чүй облусу", "Чуйская область", "Chui Region", 1000, 420),
    ]
    regions = []
    first = 1001
    for code, ky, ru, en, weight, count in spec:
        regions.append(Region(code, ky, ru, en, weight, first, count))
        first += count
    return tuple(regions)


REGIONS: tuple[Region, ...] = _build()
REGION_BY_KY: dict[str, Region] = {r.ky: r for r in REGIONS}
