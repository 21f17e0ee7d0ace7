"""Where a violation happened: one of the nine regions (`core/regions.py`, by code) or a
polling station abroad, a district as the complainant writes it, and a polling station.

A station named by its code places the complaint: its region (written in Kyrgyz in the
stations' file) decides the region, so that a complaint routed by region goes where the
station is, whatever region the complainant chose.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from talapker.core.regions import BY_CODE, REGION_NAMES, region_name
from talapker.voters.models import Precinct

ABROAD = "abroad"
ABROAD_LABEL = _("abroad (a polling station outside the country)")


def region_codes() -> list[str]:
    return [r.code for r in REGION_NAMES] + [ABROAD]


def region_label(code: str, language: str | None = None) -> str:
    """The region's name in the page's language (a code no region has, as it is)."""
    if code == ABROAD:
        return str(ABROAD_LABEL)
    region = BY_CODE.get(code)
    if region is None:
        return code
    language = (language or get_language() or "ky")[:2]
    return str(getattr(region, language, "") or region.ky)


def region_choices() -> list[tuple[str, str]]:
    return [(code, region_label(code)) for code in region_codes()]


def region_of_station(station: Precinct) -> str:
    """The region code of a polling station: abroad, or the region its file names (in any
    of the three languages); "" when the name is no known region."""
    if station.abroad:
        return ABROAD
    english = region_name(station.region, "en")
    for region in REGION_NAMES:
        if region.en == english:
            return region.code
    return ""


def station_find(code: str) -> Precinct | None:
    code = (code or "").strip()
    return Precinct.objects.filter(code=code).first() if code else None
