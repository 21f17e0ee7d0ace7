"""`rates.csv`, formats.md section 6: `date, currency, rate_kgs` — the official rate, som
per one unit of the currency, on that date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from talapker.core.csvfiles import parse_date
from talapker.core.errors import InputError

from .tabular import Cells, csv_rows, parse_currency

COLUMNS = ("date", "currency", "rate_kgs")
MAX_DECIMALS = 6  # ads.models.RATE


@dataclass(frozen=True)
class RateRow:
    line: int
    date: dt.date
    currency: str
    rate_kgs: Decimal


def parse_rate(value: str) -> Decimal:
    """Som per unit: a number above 0 with `.` as decimal mark, at most six decimals."""
    try:
        rate = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("'%(value)s' is not a rate (som per unit)") % {"value": value}) from None
    if not rate.is_finite() or rate.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
        raise ValueError(
            _("'%(value)s': a rate has at most %(places)s decimals")
            % {"value": value, "places": MAX_DECIMALS}
        )
    if rate <= 0 or rate >= 10**10:
        raise ValueError(_("'%(value)s': a rate must be above 0") % {"value": value})
    return rate


def read(name: str, data: bytes) -> list[RateRow]:
    """The rates of a rates.csv file. The same date and currency twice is one rate when the
    two agree and an error at the later line when they differ."""
    _header, rows = csv_rows(name, data, COLUMNS)
    seen: dict[tuple[dt.date, str], RateRow] = {}
    for line, row in rows:
        cells = Cells(name, line, row)
        rate = RateRow(
            line,
            cells.get("date", parse_date),
            cells.get("currency", parse_currency),
            cells.get("rate_kgs", parse_rate),
        )
        first = seen.setdefault((rate.date, rate.currency), rate)
        if first.rate_kgs != rate.rate_kgs:
            raise InputError(
                name,
                _("the rate of %(currency)s on %(date)s differs from the one on line %(line)s")
                % {"currency": rate.currency, "date": rate.date, "line": first.line},
                line=line,
                column="rate_kgs",
            )
    return list(seen.values())
