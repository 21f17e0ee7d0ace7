"""The nine first-level regions of the Kyrgyz Republic, named in Kyrgyz, Russian and English.

Registers and candidate lists write a region by its Kyrgyz name ("Ош облусу", "Бишкек
шаары"); pages show it in the page's language. This table is the one place the names are
kept: the generator draws its regions from it too. Plain Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionName:
    """A city of republican significance or an oblast, by its name in each language."""

    code: str
    ky: str
    ru: str
    en: str


REGION_NAMES: tuple[RegionName, ...] = (
    RegionName("bishkek", "Бишкек шаары", "город Бишкек", "Bishkek city"),
    RegionName("osh-city", "Ош шаары", "город Ош", "Osh city"),
    RegionName("batken", "Баткен облусу", "Баткенская область", "Batken Region"),
    RegionName("jalal-abad", "Жалал-Абад облусу", "Джалал-Абадская область", "Jalal-Abad Region"),
    RegionName("issyk-kul", "Ысык-Көл облусу", "Иссык-Кульская область", "Issyk-Kul Region"),
    RegionName("naryn", "Нарын облусу", "Нарынская область", "Naryn Region"),
    RegionName("osh", "Ош облусу", "Ошская область", "Osh Region"),
    RegionName("talas", "Талас облусу", "Таласская область", "Talas Region"),
    RegionName("chui", "Чүй облусу", "Чуйская область", "Chui Region"),
)
BY_CODE: dict[str, RegionName] = {r.code: r for r in REGION_NAMES}
# A region is recognised by its name in any of the three languages, whatever its case or
# spacing, since a register clerk may have typed it either way.
_BY_NAME: dict[str, RegionName] = {
    " ".join(name.split()).casefold(): r for r in REGION_NAMES for name in (r.ky, r.ru, r.en)
}


def region_name(text: str, language: str) -> str:
    """The region named by `text` (in any language), in `language` ("ky", "ru" or "en");
    a name that is no known region is returned as it is."""
    region = _BY_NAME.get(" ".join(text.split()).casefold())
    if region is None:
        return text
    return str(getattr(region, language[:2], "") or region.ky)
