"""`ads.csv`, formats.md section 6: one ad a row, its party by code, spend as exported.

Besides the section's columns the reader takes one documented extension: `payer_id`, the
payer's INN or PIN where the exporter has it (docs/ads.md). A 14-digit number written in
the payer's name is read as the same.
"""

from __future__ import annotations

from talapker.core.csvfiles import parse_date, parse_optional_date
from talapker.core.formats import COLUMNS as FORMAT_COLUMNS

from .model import AdFile, AdRow, check_dates, check_range, payer_id_in, unique_ads
from .tabular import Cells, csv_rows, parse_bound, parse_count, parse_currency, required

COLUMNS = FORMAT_COLUMNS["ads"]  # formats.md section 6


def sniff(header: list[str]) -> bool:
    return "ad_id" in header and "party_code" in header


def read(name: str, data: bytes) -> AdFile:
    """The ads of an ads.csv file; InputError at the first row that breaks section 6."""
    _, rows = csv_rows(name, data, COLUMNS)
    ads = []
    for line, row in rows:
        cells = Cells(name, line, row)
        payer = cells.text("payer")
        ad = AdRow(
            line=line,
            ad_id=cells.get("ad_id", required),
            platform=cells.get("platform", required),
            page_id="",
            page_name=cells.get("page_name", required),
            payer=payer,
            payer_id=cells.text("payer_id") or payer_id_in(payer),
            party_code=cells.get("party_code", required),
            start_date=cells.get("start_date", parse_date),
            end_date=cells.get("end_date", parse_optional_date),
            spend_lower=cells.get("spend_lower", parse_bound),
            spend_upper=cells.get("spend_upper", parse_bound),
            currency=cells.get("currency", parse_currency),
            impressions_lower=cells.get("impressions_lower", parse_count),
            impressions_upper=cells.get("impressions_upper", parse_count),
        )
        check_dates(name, ad, "end_date")
        check_range(name, line, "spend_upper", ad.spend_lower, ad.spend_upper)
        if ad.impressions_lower is not None:
            check_range(name, line, "impressions_upper", ad.impressions_lower, ad.impressions_upper)
        ads.append(ad)
    return unique_ads(AdFile(name, "csv", ads, {c: c for c in (*COLUMNS, "payer_id")}))
