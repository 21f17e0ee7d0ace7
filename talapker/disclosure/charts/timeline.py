"""Money in and out to date over the campaign: two step lines on a date axis."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext

from talapker.core.money import money_text
from talapker.disclosure.charts.markup import (
    WIDTH,
    Cell,
    Chart,
    Table,
    element,
    empty,
    fitting,
    key_for,
    n,
    safe,
    svg,
    text,
    text_width,
)
from talapker.disclosure.charts.numbers import axis_date, compact, som, table_date
from talapker.disclosure.templatetags.talapker_pages import long_date

Points = Mapping[dt.date, Decimal] | Iterable[tuple[dt.date, Decimal]]
Total = tuple[dt.date, Decimal, Decimal]  # the end of a period, money in and out to then

MAX_POINTS = 120  # beyond this many days, days are merged into periods of equal length
TOP, BOTTOM = Decimal(38), Decimal(196)  # the plot's top and its baseline, in user units


def _by_day(points: Points) -> dict[dt.date, Decimal]:
    pairs = points.items() if isinstance(points, Mapping) else points
    days: dict[dt.date, Decimal] = {}
    for day, amount in pairs:
        days[day] = days.get(day, Decimal(0)) + amount
    return days


def amount_ticks(top: Decimal, count: int = 4) -> list[Decimal]:
    """Round ticks from zero to at least `top`: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [Decimal(0)]
    rough = top / count
    power = Decimal(1).scaleb(rough.adjusted())
    step = next(power * m for m in (1, 2, Decimal("2.5"), 5, 10) if power * m >= rough)
    return [step * i for i in range(math.ceil(top / step) + 1)]


def day_ticks(first: dt.date, last: dt.date, count: int = 4) -> list[dt.date]:
    span = (last - first).days
    count = min(count, span + 1)
    if count == 1:
        return [first]
    return [first + dt.timedelta(days=round(span * i / (count - 1))) for i in range(count)]


def running_totals(
    daily_in: dict[dt.date, Decimal], daily_out: dict[dt.date, Decimal], first: dt.date, days: int
) -> list[Total]:
    """The totals to the end of each period that saw money move, periods of one day or, over
    a campaign longer than `MAX_POINTS` days, of as many days as keep them within it. No
    period ends after the last day with data: totals are not claimed for days not seen."""
    length = math.ceil(days / MAX_POINTS)
    last = max([*daily_in, *daily_out])
    moved: dict[dt.date, tuple[Decimal, Decimal]] = {}
    for day in {*daily_in, *daily_out}:
        period = (day - first).days // length
        ends = min(first + dt.timedelta(days=(period + 1) * length - 1), last)
        gained, spent = moved.get(ends, (Decimal(0), Decimal(0)))
        moved[ends] = (gained + daily_in.get(day, 0), spent + daily_out.get(day, 0))
    totals: list[Total] = []
    total_in = total_out = Decimal(0)
    for ends, (gained, spent) in sorted(moved.items()):
        total_in, total_out = total_in + gained, total_out + spent
        totals.append((ends, total_in, total_out))
    return totals


def cumulative(
    money_in: Points,
    money_out: Points,
    *,
    caption: str | None = None,
    label_in: str | None = None,
    label_out: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    key: str | None = None,
) -> Chart:
    """Money in and out to date, from the amounts of each day (amounts of one day add up), as
    two step lines: in solid, out dashed. The axis runs from `start` (the campaign's first
    day) to `end` (election day, or today) when given, wider if the data are; the lines stop
    at the last day with data. However many transactions there are, a line has at most
    `MAX_POINTS` steps."""
    caption = caption or gettext("Money in and out over the campaign, totals to date")
    label_in = label_in or gettext("Money in")
    label_out = label_out or gettext("Money out")
    daily_in, daily_out = _by_day(money_in), _by_day(money_out)
    header = (
        Cell(gettext("Date")),
        Cell(gettext("%(series)s to date, som") % {"series": label_in}, numeric=True),
        Cell(gettext("%(series)s to date, som") % {"series": label_out}, numeric=True),
    )
    if not daily_in and not daily_out:
        return empty(key or key_for("cumulative", caption), "cumulative", caption, header)
    seen = [*daily_in, *daily_out]
    first = min([*seen, start]) if start else min(seen)
    last = max([*seen, end]) if end else max(seen)
    days = (last - first).days + 1
    totals = running_totals(daily_in, daily_out, first, days)
    key = key or key_for("cumulative", caption, label_in, label_out, first, last, totals)

    _, total_in, total_out = totals[-1]
    summary = gettext(
        "From %(first)s to %(last)s: %(label_in)s, %(total_in)s som; "
        "%(label_out)s, %(total_out)s som."
    ) % {
        "first": long_date(first),
        "last": long_date(totals[-1][0]),
        "label_in": label_in,
        "total_in": money_text(total_in),
        "label_out": label_out,
        "total_out": money_text(total_out),
    }
    drawing = _drawing(totals, first, last, (label_in, label_out))
    markup = svg(key, "cumulative", BOTTOM + 22, caption, summary, drawing)
    years = first.year != totals[-1][0].year
    rows = tuple(
        (
            Cell(table_date(ends, year=years)),
            Cell(money_text(gained), True),
            Cell(money_text(spent), True),
        )
        for ends, gained, spent in totals
    )
    return Chart(key, "cumulative", safe(markup), caption, summary, Table(header, rows))


def _drawing(totals: list[Total], first: dt.date, last: dt.date, labels: tuple[str, str]) -> str:
    """The legend on top; the amount gridlines with their labels above them at the left, so
    the lines have the whole width; the dates under the baseline; then the two lines."""
    ticks = amount_ticks(max(max(gained, spent) for _, gained, spent in totals))
    slot = Decimal(WIDTH) / ((last - first).days + 1)

    def x(day: dt.date) -> Decimal:
        """The end of the day: the totals to date are reached when the day is over."""
        return ((day - first).days + 1) * slot

    def y(amount: Decimal) -> Decimal:
        return BOTTOM - max(amount, Decimal(0)) / (ticks[-1] or 1) * (BOTTOM - TOP)

    body = ""
    for i, tick in enumerate(ticks):
        body += element(
            "line", {"x1": 0, "x2": WIDTH, "y1": y(tick), "y2": y(tick), "class": "chart__grid"}
        )
        if i:
            words = compact(tick) if i < len(ticks) - 1 else som(compact(tick))
            body += text(0, y(tick) - 4, words, "chart__axis")
    body += element(
        "line", {"x1": 0, "x2": WIDTH, "y1": BOTTOM, "y2": BOTTOM, "class": "chart__baseline"}
    )
    days = day_ticks(first, last)
    for i, day in enumerate(days):
        middle = x(day) - slot / 2
        mark = {"x1": middle, "x2": middle, "y1": BOTTOM, "y2": BOTTOM + 4}
        body += element("line", {**mark, "class": "chart__baseline"})
        if i == 0:
            body += text(0, BOTTOM + 16, axis_date(day), "chart__axis")
        elif i == len(days) - 1:
            body += text(WIDTH, BOTTOM + 16, axis_date(day), "chart__axis", "end")
        else:
            body += text(middle, BOTTOM + 16, axis_date(day), "chart__axis", "middle")
    steps = {
        "in": [(day, gained) for day, gained, _ in totals],
        "out": [(day, spent) for day, _, spent in totals],
    }
    for series, points in steps.items():
        path, before = f"M0 {n(BOTTOM)}", Decimal(0)
        for day, amount in points:
            if amount != before:  # a step only where this line moves
                path += f"H{n(x(day))}V{n(y(amount))}"
                before = amount
        path += f"H{n(x(totals[-1][0]))}"
        body += element("path", {"d": path, "class": f"chart__line chart__line--{series}"})
    at = Decimal(0)
    for series, label in zip(("in", "out"), labels, strict=True):
        sample = {"x1": at, "x2": at + 22, "y1": 10, "y2": 10}
        body += element("line", {**sample, "class": f"chart__line chart__line--{series}"})
        shown = fitting(label, Decimal(WIDTH / 2 - 46))  # each of the two in half the width
        body += text(at + 28, 14, shown, "chart__label")
        at += 28 + text_width(shown) + 18
    return body
