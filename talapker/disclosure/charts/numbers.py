"""Numbers and dates as a chart writes them, in the active language: short on the axes and at
the ends of bars ("1.25M", "1,25 млн"), exact (through `money_text`) in the tables."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext, pgettext

from talapker.disclosure.templatetags.talapker_pages import long_date


def grouped(value: Decimal, places: int) -> str:
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def plain(value: Decimal) -> str:
    """The number without trailing zeros after its decimal point."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return grouped(value, places)


def compact(value: Decimal) -> str:
    """A number in three significant digits at most, with a short word for thousands,
    millions and billions ("850k", "1.25M"; "850 миң", "1,25 млн"): for axes and the ends of
    bars, where the exact sum would not fit; the table beside gives it."""
    if value == 0:
        return "0"
    sign, size = ("-" if value < 0 else ""), abs(value)
    # Rounded before the unit is chosen, so that 999,999 reads "1M", not "1,000k".
    size = size.quantize(Decimal(1).scaleb(max(size.adjusted() - 2, -2)), ROUND_HALF_UP)
    units = (
        (Decimal(10) ** 9, pgettext("a number in billions", "%(number)s bn")),
        (Decimal(10) ** 6, pgettext("a number in millions", "%(number)sM")),
        (Decimal(10) ** 3, pgettext("a number in thousands", "%(number)sk")),
    )
    for unit, template in units:
        if size >= unit:
            return sign + template % {"number": plain(size / unit)}
    return sign + plain(size)


def som(amount: str) -> str:
    """An amount already written, with its currency."""
    return gettext("%(amount)s som") % {"amount": amount}


def percent(share: Decimal, places: int = 1) -> str:
    """A share (0.85) as a percentage ("85.0%", "85,0 %"), cut rather than rounded, so that
    a share just under a threshold never reads as the threshold."""
    number = (share * 100).quantize(Decimal(1).scaleb(-places), ROUND_DOWN)
    return pgettext("a percentage", "%(number)s%%") % {"number": grouped(number, places)}


def axis_date(day: dt.date) -> str:
    # Translators: a date format (Django's letters) for the dates under a chart, kept short:
    # "3 Sep" in English, "03.09" in Kyrgyz and Russian.
    return formats.date_format(day, pgettext("date format on a chart axis", "j M"))


def table_date(day: dt.date, *, year: bool) -> str:
    """A date in a chart's table: the day and month, and the year only when the table spans
    more than one ("5 September", "5-сентябрь", "5 сентября"), so that the column stays
    narrow enough for a phone."""
    if year:
        return long_date(day)
    # Translators: a date format (Django's letters) for the day and month in the table of a
    # chart: "5 September" in English, "5-сентябрь" in Kyrgyz ("j-E"), "5 сентября" in
    # Russian ("j E").
    return formats.date_format(day, pgettext("date format in a chart's table", "j F"))
