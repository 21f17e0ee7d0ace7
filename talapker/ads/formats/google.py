"""Google's political-ads transparency report: `google-political-ads-creative-stats.csv`,
one ad a row, mapped onto section 6 (docs/ads.md has the table).

Google names the verified advertiser, who is the payer, and shows spend as a range in
several currencies (`Spend_Range_Min_USD`, `Spend_Range_Max_USD`, `…_EUR`, …); the USD
range is read, or the first currency with both bounds when a file has no USD columns.
Impressions come as buckets ("≤ 10k", "10k-100k", "> 10M"), read as their bounds. The file
names no party: the service attributes each ad (services.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from talapker.core.csvfiles import parse_date, parse_optional_date
from talapker.core.errors import InputError

from .model import AdFile, AdRow, check_dates, check_range, payer_id_in, unique_ads
from .tabular import Cells, csv_rows, parse_bound, required

REQUIRED = ("Ad_ID", "Advertiser_ID", "Advertiser_Name", "Date_Range_Start", "Date_Range_End")
SPEND = re.compile(r"^Spend_Range_Min_([A-Z]{3})$")
UNITS = {"": 1, "k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000, "b": 10**9, "B": 10**9}
NUMBER = r"(\d+(?:\.\d+)?)\s*([kKmMbB]?)"
BELOW = re.compile(rf"^(?:≤|<=|<)\s*{NUMBER}$")
ABOVE = re.compile(rf"^(?:>|≥|>=)\s*{NUMBER}$")
BETWEEN = re.compile(rf"^{NUMBER}\s*[-–]\s*{NUMBER}$")
COLUMNS = {
    "ad_id": "Ad_ID",
    "platform": "Ad_Type",
    "page_id": "Advertiser_ID",
    "page_name": "Advertiser_Name",
    "payer": "Advertiser_Name",
    "start_date": "Date_Range_Start",
    "end_date": "Date_Range_End",
    "impressions_lower": "Impressions",
    "impressions_upper": "Impressions",
}


def sniff(header: list[str]) -> bool:
    return "Ad_ID" in header and "Advertiser_Name" in header


def read(name: str, data: bytes) -> AdFile:
    """The ads of a creative-stats file; InputError at the first row that cannot be read."""
    header, rows = csv_rows(name, data, REQUIRED)
    currency = _spend_currency(name, header)
    low, high = f"Spend_Range_Min_{currency}", f"Spend_Range_Max_{currency}"
    columns = {**COLUMNS, "spend_lower": low, "spend_upper": high, "currency": low}
    ads = []
    for line, row in rows:
        cells = Cells(name, line, row)
        payer = cells.get("Advertiser_Name", required)
        impressions = cells.get("Impressions", impression_bucket)
        ad = AdRow(
            line=line,
            ad_id=cells.get("Ad_ID", required),
            platform="youtube" if cells.text("Ad_Type").upper() == "VIDEO" else "google",
            page_id=cells.text("Advertiser_ID"),
            page_name=payer,
            payer=payer,
            payer_id=payer_id_in(payer),
            party_code="",
            start_date=cells.get("Date_Range_Start", parse_date),
            end_date=cells.get("Date_Range_End", parse_optional_date),
            spend_lower=cells.get(low, parse_bound),
            spend_upper=cells.get(high, parse_bound),
            currency=currency,
            impressions_lower=impressions[0],
            impressions_upper=impressions[1],
        )
        check_dates(name, ad, "Date_Range_End")
        check_range(name, line, high, ad.spend_lower, ad.spend_upper)
        ads.append(ad)
    return unique_ads(AdFile(name, "google", ads, columns))


def _spend_currency(name: str, header: list[str]) -> str:
    currencies = [m.group(1) for h in header if (m := SPEND.match(h))]
    currencies = [c for c in currencies if f"Spend_Range_Max_{c}" in header]
    if "USD" in currencies:
        return "USD"
    if currencies:
        return currencies[0]
    raise InputError(name, _("required column is missing"), line=1, column="Spend_Range_Min_USD")


def impression_bucket(value: str) -> tuple[int | None, int | None]:
    """Google's impressions bucket as (lower, upper); (None, None) when the cell is empty."""
    if not value:
        return None, None
    if found := BELOW.match(value):
        return 0, _count(found.group(1), found.group(2))
    if found := ABOVE.match(value):
        return _count(found.group(1), found.group(2)), None
    if found := BETWEEN.match(value):
        lower = _count(found.group(1), found.group(2))
        upper = _count(found.group(3), found.group(4))
        if lower > upper:
            raise ValueError(
                _("the range is upside down: the lower bound %(lower)s exceeds the upper %(upper)s")
                % {"lower": lower, "upper": upper}
            )
        return lower, upper
    raise ValueError(
        _("'%(value)s' is not an impressions range (such as 10k-100k)") % {"value": value}
    )


def _count(number: str, unit: str) -> int:
    return int(Decimal(number) * UNITS[unit])
