"""Horizontal bars, one per item, each name written above its bar: a long party name in
Kyrgyz has the whole width of a phone instead of a narrow column beside the bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext, pgettext

from talapker.core.money import money_text
from talapker.disclosure.charts.markup import (
    FIGURE,
    WIDTH,
    Cell,
    Chart,
    Table,
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
from talapker.disclosure.charts.numbers import compact, grouped, percent, som

Kind = Literal["money", "count"]
LINE, BAR, GAP = 16, 16, 12  # heights in user units: a line of a name, a bar, between items
VALUE = 12  # the font size of the figure at the end of a bar (.chart__value)


def bars(
    items: Sequence[tuple[str, Decimal]],
    *,
    caption: str,
    name_header: str | None = None,
    value_header: str | None = None,
    kind: Kind = "money",
    key: str | None = None,
) -> Chart:
    """One horizontal bar per (name, value), in the order given, the name above it (on two
    lines at most, the table has it whole) and the value and its share of the total at its
    end. `kind` "money" writes values as som, "count" as whole numbers (donors in a band).
    Negative values are drawn as nothing and left out of the total."""
    name_header = name_header or pgettext("the column naming the bars of a chart", "Name")
    value_header = value_header or (
        gettext("Amount, som") if kind == "money" else gettext("Number")
    )
    header = (
        Cell(name_header),
        Cell(value_header, numeric=True),
        Cell(gettext("Share of the total"), numeric=True),
    )
    if not items:
        return empty(key or key_for("bars", caption), "bars", caption, header)
    key = key or key_for("bars", caption, kind, tuple(items))
    zero = Decimal(0)
    total = sum((max(value, zero) for _, value in items), zero)

    def exact(value: Decimal) -> str:
        return money_text(value) if kind == "money" else grouped(value, 0)

    def share(value: Decimal) -> str:
        return percent(max(value, zero) / total) if total else "—"

    def with_unit(value: Decimal) -> str:
        return som(exact(value)) if kind == "money" else exact(value)

    top_name, top_value = max(items, key=lambda item: item[1])
    summary = gettext("The largest: %(name)s, %(value)s (%(share)s of %(total)s in all).") % {
        "name": clean(top_name),
        "value": with_unit(top_value),
        "share": share(top_value),
        "total": with_unit(total),
    }
    # Money is shortened at the end of a bar (the table has it exact); a count is short.
    short = compact if kind == "money" else exact
    drawing, height = _drawing([(clean(name), value) for name, value in items], short, share)
    markup = svg(key, "bars", height, caption, summary, drawing)
    rows = tuple(
        (Cell(clean(name)), Cell(exact(value), True), Cell(share(value), True))
        for name, value in items
    )
    return Chart(key, "bars", safe(markup), caption, summary, Table(header, rows))


def _drawing(
    items: list[tuple[str, Decimal]],
    short: Callable[[Decimal], str],
    share: Callable[[Decimal], str],
) -> tuple[str, Decimal]:
    """The bars, scaled so that the longest leaves room for the longest figure at its end,
    and the height they take."""
    ends = [f"{short(value)} · {share(value)}" for _, value in items]
    room = Decimal(WIDTH) - max(text_width(end, VALUE, FIGURE) for end in ends) - 6
    largest = max(value for _, value in items)
    body, cursor = "", Decimal(0)
    for (name, value), end in zip(items, ends, strict=True):
        for line in lines(name, Decimal(WIDTH)):
            cursor += LINE
            body += text(0, cursor - 4, line, "chart__label")
        length = max(value, Decimal(0)) / largest * room if largest > 0 else Decimal(0)
        body += element(
            "rect", {"x": 0, "y": cursor, "width": length, "height": BAR, "class": "chart__bar"}
        )
        body += text(length + 5, cursor + 12, end, "chart__value")
        cursor += BAR + GAP
    return body, cursor - GAP + 2
