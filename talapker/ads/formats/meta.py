"""The JSON that Meta's Ad Library API (`ads_archive`, `ad_type=POLITICAL_AND_ISSUE_ADS`)
returns, mapped onto section 6 (docs/ads.md has the table).

A response is `{"data": [ad, …], "paging": {…}}`; pages saved one after another as a list of
responses, or a bare list of ads, are read too. Each ad gives `id`, `page_id`, `page_name`,
`bylines` (the "Paid for by" disclaimer: the payer), `spend` and `impressions` as
`{lower_bound, upper_bound}` (strings of whole units; the top bucket has no upper bound),
`currency`, `ad_delivery_start_time` and `ad_delivery_stop_time` (a date, or an older
API's UTC time, taken as its date in Bishkek), `publisher_platforms` and
`ad_creative_bodies`. An export names no party: the service attributes each ad.

JSON has no rows, so an error names the line on which the ad's `id` stands and the key
path (`spend.lower_bound`) as its column.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from talapker.core import exactjson
from talapker.core.csvfiles import parse_date
from talapker.core.errors import InputError
from talapker.core.readerrors import json_error_text

from .model import AdFile, AdRow, check_dates, check_range, payer_id_in, unique_ads
from .tabular import parse_bound, parse_count, parse_currency, required

BISHKEK = ZoneInfo("Asia/Bishkek")
ID_KEY = re.compile(r'[{,]\s*"id"\s*:\s*"?(\w+)')
COLUMNS = {
    "ad_id": "id",
    "platform": "publisher_platforms",
    "page_id": "page_id",
    "page_name": "page_name",
    "payer": "bylines",
    "start_date": "ad_delivery_start_time",
    "end_date": "ad_delivery_stop_time",
    "spend_lower": "spend.lower_bound",
    "spend_upper": "spend.upper_bound",
    "currency": "currency",
    "impressions_lower": "impressions.lower_bound",
    "impressions_upper": "impressions.upper_bound",
    "text": "ad_creative_bodies",
}
T = TypeVar("T")


def sniff(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def read(name: str, text: str) -> AdFile:
    """The ads of an Ad Library API response; InputError at the first ad that cannot be read."""
    try:
        document = exactjson.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(name, json_error_text(err), line=err.lineno) from None
    except (ValueError, RecursionError):
        raise InputError(name, _("the document cannot be read")) from None
    for path, codepoint in exactjson.surrogates(document):
        raise InputError(
            name,
            str(exactjson.LONE_SURROGATE) % {"codepoint": f"{codepoint:04X}"},
            column=exactjson.dotted(path),
        )
    items = _ads(name, document)
    lines = _id_lines(text)
    ads = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(name, _("an ad must be a JSON object"), column=f"data[{index}]")
        ad_id = str(item.get("id", "")).strip()
        line = lines.get(ad_id, [None]).pop(0) if lines.get(ad_id) else None
        ads.append(_ad(Item(name, line, item)))
    return unique_ads(AdFile(name, "meta", ads, COLUMNS))


def _ads(name: str, document: Any) -> list[Any]:
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        return list(document["data"])
    if isinstance(document, list):
        if all(isinstance(page, dict) and isinstance(page.get("data"), list) for page in document):
            return [ad for page in document for ad in page["data"]]
        return document
    raise InputError(
        name,
        _('not an Ad Library API response: the ads are expected in a list under "data"'),
        line=1,
        column="data",
    )


def _id_lines(text: str) -> dict[str, list[int]]:
    """The line of every `"id"` key, by its value, in the order they appear."""
    found: dict[str, list[int]] = {}
    for match in ID_KEY.finditer(text):
        found.setdefault(match.group(1), []).append(text.count("\n", 0, match.start(1)) + 1)
    return found


class Item:
    """One ad of the response, its values parsed at their place in the file."""

    def __init__(self, name: str, line: int | None, item: dict[str, Any]) -> None:
        self.name, self.line, self.item = name, line, item

    def raw(self, key: str) -> Any:
        value: Any = self.item
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def get(self, key: str, parse: Callable[[str], T]) -> T:
        value = self.raw(key)
        if isinstance(value, (dict, list)):
            raise InputError(self.name, _("a single value is expected"), line=self.line, column=key)
        text = "" if value is None else str(value).strip()
        try:
            return parse(text)
        except ValueError as err:
            raise InputError(self.name, str(err), line=self.line, column=key) from None

    def texts(self, key: str) -> list[str]:
        value = self.raw(key)
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value]
        if isinstance(value, str):
            return [value.strip()]
        raise InputError(self.name, _("a list of texts is expected"), line=self.line, column=key)


def _ad(item: Item) -> AdRow:
    payer = item.get("bylines", str)
    platforms = item.texts("publisher_platforms")
    upper = item.get("spend.upper_bound", optional(parse_bound))
    lower = item.get("spend.lower_bound", parse_bound)
    ad = AdRow(
        line=item.line,
        ad_id=item.get("id", required),
        platform=", ".join(p.lower() for p in platforms) or "facebook",
        page_id=item.get("page_id", str),
        page_name=item.get("page_name", required),
        payer=payer,
        payer_id=payer_id_in(payer),
        party_code="",
        start_date=item.get("ad_delivery_start_time", delivery_date),
        end_date=item.get("ad_delivery_stop_time", optional(delivery_date)),
        spend_lower=lower,
        # The top bucket is open ("1M and more"): its lower bound stands for both.
        spend_upper=lower if upper is None else upper,
        currency=item.get("currency", parse_currency),
        impressions_lower=item.get("impressions.lower_bound", parse_count),
        impressions_upper=item.get("impressions.upper_bound", parse_count),
        text="\n\n".join(item.texts("ad_creative_bodies") or item.texts("ad_creative_body")),
    )
    check_dates(item.name, ad, "ad_delivery_stop_time")
    check_range(item.name, item.line, "spend.upper_bound", ad.spend_lower, ad.spend_upper)
    if ad.impressions_lower is not None:
        check_range(
            item.name,
            item.line,
            "impressions.upper_bound",
            ad.impressions_lower,
            ad.impressions_upper,
        )
    return ad


def optional(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    return lambda value: parse(value) if value else None


def delivery_date(value: str) -> dt.date:
    """A delivery date (YYYY-MM-DD), or an older API's time (2019-05-03T13:00:00+0000) taken
    as its date in Bishkek."""
    if "T" not in value:
        return parse_date(value)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not parse_date(value[:10]):
        raise ValueError(
            _("'%(value)s' is not a date (YYYY-MM-DD) or a time with its offset") % {"value": value}
        )
    return moment.astimezone(BISHKEK).date()
