"""The nine first-level regions of the Kyrgyz Republic and their blocks of precinct codes.

Registers and candidate lists write a region by its **Kyrgyz name** (``Region.ky``, e.g.
``"Ысык-Көл облусу"``, ``"Ош шаары"``); the names in every language are kept in
:mod:`talapker.core.regions`, which the pages use too.
Each region owns a contiguous block of four-digit precinct codes, sized roughly by
population; later modules (``precincts.csv``) draw from the same blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

from talapker.core.regions import REGION_NAMES


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


# code: relative population weight (about thousands of residents), number of precincts
_SIZES = {
    "bishkek": (1150, 260),
    "osh-city": (360, 80),
    "batken": (550, 190),
    "jalal-abad": (1300, 480),
    "issyk-kul": (500, 220),
    "naryn": (300, 160),
    "osh": (1400, 520),
    "talas": (270, 110),
    "chui": (1000, 420),
}


def _build() -> tuple[Region, ...]:
    regions = []
    first = 1001
    for name in REGION_NAMES:  # the names are kept once, in talapker.core.regions
        weight, count = _SIZES[name.code]
        regions.append(Region(name.code, name.ky, name.ru, name.en, weight, first, count))
        first += count
    return tuple(regions)


REGIONS: tuple[Region, ...] = _build()
REGION_BY_KY: dict[str, Region] = {r.ky: r for r in REGIONS}
