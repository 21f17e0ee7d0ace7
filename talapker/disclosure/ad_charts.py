"""The ads chart: per party, what its ads cost in som (the range the ad libraries give)
beside the online advertising its report declares.

An ad library gives spend as a range, so the ads' bar is drawn as what they cost at least
(solid) and how far they may have gone (light, closed by a mark at the upper bound); the
declared sum is a dashed outline under it, so the two are told apart by shape as well as
colour. Drawn with the helpers of `charts` and rendered by `_chart.html`, whose table gives
the exact sums for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from talapker.core.i18n import localized
from talapker.core.money import money_text
from talapker.disclosure.ad_list import PartySpend
from talapker.disclosure.charts import Cell, Chart, Table, compact
from talapker.disclosure.charts.markup import (
    GLYPH,
    WIDTH,
    clean,
    element,
    empty,
    key_for,
    lines,
    safe,
    svg,
    text,
    text_width,
)

LINE, BAR, GAP = 16, 14, 14
VALUE = 12


def ads_chart(spends: Sequence[PartySpend], *, key: str = "ad-spend") -> Chart:
    """One group per party: its ads' spend range and its declared online spending."""
    caption = _("Ad spend beside the online advertising declared, som")
    header = (
        Cell(_("Party")),
        Cell(_("Ads cost at least"), numeric=True),
        Cell(_("Ads cost at most"), numeric=True),
        Cell(_("Online advertising declared"), numeric=True),
    )
    if not spends:
        return empty(key, "bars", caption, header)
    names = [clean(localized(s.party, "name")) for s in spends]
    rows = tuple(
        (
            Cell(name),
            Cell(money_text(s.lower), True),
            Cell(money_text(s.upper), True),
            Cell(money_text(s.declared_online), True),
        )
        for name, s in zip(names, spends, strict=True)
    )
    over = [name for name, s in zip(names, spends, strict=True) if s.lower > s.declared_online]
    if over:
        summary = _("Ads cost at least more than the declared online advertising: %(names)s.") % {
            "names": ", ".join(over)
        }
    else:
        summary = _("No party's ads cost at least more than its declared online advertising.")
    key = key_for(key, tuple((s.party.code, s.lower, s.upper, s.declared_online) for s in spends))
    body, height = _drawing(names, spends)
    markup = svg(key, "bars", height, caption, summary, body)
    return Chart(key, "bars", safe(markup), caption, summary, Table(header, rows))


def _drawing(names: list[str], spends: Sequence[PartySpend]) -> tuple[str, Decimal]:
    def ads_end(s: PartySpend) -> str:
        return _("ads %(lower)s–%(upper)s") % {"lower": compact(s.lower), "upper": compact(s.upper)}

    def declared_end(s: PartySpend) -> str:
        return _("declared %(amount)s") % {"amount": compact(s.declared_online)}

    ends = [end for s in spends for end in (ads_end(s), declared_end(s))]
    # The ends are words as well as figures: measured as words, the wider.
    room = Decimal(WIDTH) - max(text_width(end, VALUE, GLYPH) for end in ends) - 8
    largest = max(max(s.upper, s.declared_online) for s in spends)

    def length(value: Decimal) -> Decimal:
        return max(value, Decimal(0)) / largest * room if largest > 0 else Decimal(0)

    body, cursor = "", Decimal(0)
    for name, s in zip(names, spends, strict=True):
        for line in lines(name, Decimal(WIDTH)):
            cursor += LINE
            body += text(0, cursor - 4, line, "chart__label")
        low, high = length(s.lower), length(s.upper)
        body += element(
            "rect", {"x": 0, "y": cursor, "width": high, "height": BAR, "class": "chart__track"}
        )
        body += element(
            "rect", {"x": 0, "y": cursor, "width": low, "height": BAR, "class": "chart__bar"}
        )
        cap = {"x1": high, "x2": high, "y1": cursor, "y2": cursor + BAR, "class": "chart__cap"}
        body += element("line", cap)
        body += text(high + 6, cursor + 11, ads_end(s), "chart__value")
        cursor += BAR + 4
        declared = length(s.declared_online)
        body += element(
            "rect",
            {
                "x": 1,
                "y": cursor + 1,
                "width": max(declared - 2, Decimal(0)),
                "height": BAR - 2,
                "class": "chart__line chart__line--out",
            },
        )
        body += text(declared + 6, cursor + 11, declared_end(s), "chart__value")
        cursor += BAR + GAP
    return body, cursor - GAP + 2
