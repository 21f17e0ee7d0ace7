"""What an ad-library reader returns: the ads of one file in the shape of formats.md
section 6, whatever the library's own shape was, with the name of the source column behind
each field so that a later check (an unknown party, a missing rate) can name it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from talapker.core.errors import InputError

# Fields of section 6 (and the two extensions) that two rows of one ad must agree on.
COMPARED = (
    "platform",
    "page_id",
    "page_name",
    "payer",
    "payer_id",
    "party_code",
    "start_date",
    "end_date",
    "spend_lower",
    "spend_upper",
    "currency",
    "impressions_lower",
    "impressions_upper",
    "text",
)
# An INN or PIN written inside a payer's name ("ОсОО Медиа (ИНН 01234567890123)").
FOURTEEN_DIGITS = re.compile(r"(?<!\d)\d{14}(?!\d)")


@dataclass(frozen=True)
class AdRow:
    line: int | None
    ad_id: str
    platform: str
    page_id: str
    page_name: str
    payer: str
    payer_id: str  # an INN or PIN as exported, or found in the payer's name; "" if none
    party_code: str  # "" for a library export, which names no party
    start_date: dt.date
    end_date: dt.date | None
    spend_lower: Decimal
    spend_upper: Decimal
    currency: str
    impressions_lower: int | None
    impressions_upper: int | None
    text: str = ""


@dataclass(frozen=True)
class AdFile:
    name: str
    source: str  # ads.models.Source
    rows: list[AdRow]
    columns: Mapping[str, str]  # AdRow field -> the column (or JSON key) it came from

    def column(self, field: str) -> str:
        return self.columns.get(field, field)


def payer_id_in(payer: str) -> str:
    """A 14-digit INN or PIN written in the payer's name, or ""."""
    found = FOURTEEN_DIGITS.search(payer)
    return found.group() if found else ""


def check_range(
    name: str, line: int | None, column: str, lower: Decimal | int, upper: Decimal | int | None
) -> None:
    """A range's lower bound may not exceed its upper bound."""
    if upper is not None and lower > upper:
        raise InputError(
            name,
            _("the range is upside down: the lower bound %(lower)s exceeds the upper %(upper)s")
            % {"lower": lower, "upper": upper},
            line=line,
            column=column,
        )


def check_dates(name: str, ad: AdRow, column: str) -> None:
    """An ad cannot stop before it starts."""
    if ad.end_date is not None and ad.end_date < ad.start_date:
        raise InputError(
            name,
            _("the ad ends (%(end)s) before it starts (%(start)s)")
            % {"end": ad.end_date, "start": ad.start_date},
            line=ad.line,
            column=column,
        )


def unique_ads(ads: AdFile) -> AdFile:
    """The file with each ad once. The same ad twice with the same values is one ad; with
    different values it is an error at the later row, naming the first field that differs."""
    seen: dict[str, AdRow] = {}
    for row in ads.rows:
        first = seen.get(row.ad_id)
        if first is None:
            seen[row.ad_id] = row
            continue
        for name in COMPARED:
            if getattr(first, name) != getattr(row, name):
                raise InputError(
                    ads.name,
                    _(
                        "ad %(ad)s appears again with a different value (%(value)s here, "
                        "%(first)s on line %(line)s)"
                    )
                    % {
                        "ad": row.ad_id,
                        "value": getattr(row, name),
                        "first": getattr(first, name),
                        "line": first.line,
                    },
                    line=row.line,
                    column=ads.column(name),
                )
    return AdFile(ads.name, ads.source, list(seen.values()), ads.columns)
