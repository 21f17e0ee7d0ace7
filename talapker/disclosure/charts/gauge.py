"""A sum against its legal cap: a bar with the cap marked, and the state written out."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext

from talapker.core.money import money_text
from talapker.disclosure.charts.markup import (
    WIDTH,
    Cell,
    Chart,
    Table,
    element,
    key_for,
    safe,
    svg,
    text,
)
from talapker.disclosure.charts.numbers import compact, percent, som

State = Literal["ok", "near", "over"]

NEAR = Decimal("0.8")  # the share of the cap from which a sum is "near the limit"
BAR_TOP, BAR_HEIGHT = 24, 18

# Drawn in a 14-unit square: a tick, a triangle, a disc, so that no state is a colour only.
ICONS = {
    "ok": '<path class="chart__tick" d="M1.5 7.5l3.5 3.5L12.5 3.5" stroke-width="2.4"/>',
    "near": '<path class="chart__icon" d="M7 .5L13.8 13H.2z"/>'
    '<path class="chart__icon-mark" d="M7 4.8v4.2M7 10.4v1.2" stroke-width="1.8"/>',
    "over": '<circle class="chart__icon" cx="7" cy="7" r="6.8"/>'
    '<path class="chart__icon-mark" d="M7 3.2v5M7 9.8v1.4" stroke-width="1.8"/>',
}
HATCH = (
    '<rect width="6" height="6" class="chart__hatch-ground"/>'
    '<path d="M1.5 0V6" class="chart__hatch-line" stroke-width="3"/>'
)


def gauge_state(value: Decimal, cap: Decimal) -> State:
    """Where a sum stands against its cap. A cap of zero allows nothing: any sum is over."""
    if value > cap:
        return "over"
    if cap > 0 and value >= cap * NEAR:
        return "near"
    return "ok"


def state_words(state: State) -> str:
    return {
        "ok": gettext("Within the limit"),
        "near": gettext("Near the limit"),
        "over": gettext("Over the limit"),
    }[state]


def share_of_cap(value: Decimal, cap: Decimal, state: State) -> str:
    """The share cut (not rounded) to a tenth, so that 79.99 % reads 79.9 %, under the 80 %
    that makes a sum "near"; a sum over the cap gets more places until it reads over 100 %."""
    share, places = value / cap, 1
    while state == "over" and places < 6 and share * 100 < 100 + Decimal(1).scaleb(-places):
        places += 1
    return percent(share, places)


def gauge(value: Decimal, cap: Decimal, *, label: str, key: str | None = None) -> Chart:
    """A horizontal bar of `value` against its legal `cap` (both in som), named `label`
    ("Raised"); the cap is a line across the bar, and the state is in `Chart.state`."""
    key = key or key_for("gauge", value, cap, label)
    state = gauge_state(value, cap)
    words = state_words(state)
    share = share_of_cap(value, cap, state) if cap > 0 else "—"
    figures = {"label": label, "value": money_text(value), "share": share, "cap": money_text(cap)}
    if cap > 0:
        summary = gettext("%(label)s: %(value)s som, %(share)s of the cap of %(cap)s som.")
    else:
        summary = gettext("%(label)s: %(value)s som; the cap is %(cap)s som.")
    summary = f"{summary % figures} {words}."

    drawing = _drawing(key, value, cap, state)
    markup = svg(key, "gauge", 70, label, summary, drawing, state)
    header = (Cell(gettext("Indicator")), Cell(gettext("Value"), numeric=True))
    rows = [
        (Cell(gettext("%(label)s, som") % {"label": label}), Cell(money_text(value), True)),
        (Cell(gettext("Cap, som")), Cell(money_text(cap), True)),
        (Cell(gettext("Share of the cap")), Cell(share, True)),
    ]
    if state == "over":
        rows.append((Cell(gettext("Over the cap, som")), Cell(money_text(value - cap), True)))
    rows.append((Cell(gettext("State")), Cell(words, numeric=True)))  # aligned as the rest
    table = Table(header, tuple(rows))
    return Chart(key, "gauge", safe(markup), label, summary, table, state=state)


def _drawing(key: str, value: Decimal, cap: Decimal, state: State) -> str:
    """The sum and its share above the bar; the bar, filled to the sum, hatched past the cap;
    the state and the cap under it."""
    zero, width = Decimal(0), Decimal(WIDTH)
    scale = max(value, cap, zero) or Decimal(1)
    cap_x = max(cap, zero) / scale * width
    fill_x = max(min(value, cap), zero) / scale * width
    end_x = max(value, zero) / scale * width
    hatch = f"{key}-hatch"
    pattern = {
        "id": hatch,
        "width": 6,
        "height": 6,
        "patternUnits": "userSpaceOnUse",
        "patternTransform": "rotate(45)",
    }
    body = element("defs", {}, element("pattern", pattern, HATCH))
    share = share_of_cap(value, cap, state) if cap > 0 else ""
    # The label is the figure's caption: the line above the bar gives the sum and its share.
    body += text(0, 15, som(compact(value)), "chart__label")
    if share:
        body += text(WIDTH, 15, share, "chart__label", "end")
    bar = {"y": BAR_TOP, "height": BAR_HEIGHT}
    body += element("rect", {"x": 0, "width": WIDTH, **bar, "class": "chart__track"})
    if fill_x > 0:
        body += element("rect", {"x": 0, "width": fill_x, **bar, "class": "chart__fill"})
    if end_x > cap_x:
        excess = {"x": cap_x, "width": end_x - cap_x, **bar, "fill": f"url(#{hatch})"}
        body += element("rect", {**excess, "class": "chart__excess"})
    marker = min(max(cap_x, Decimal(1)), width - 1)
    body += element(
        "line",
        {
            "x1": marker,
            "x2": marker,
            "y1": BAR_TOP - 4,
            "y2": BAR_TOP + BAR_HEIGHT + 4,
            "class": "chart__cap",
        },
    )
    body += element("g", {"transform": "translate(0 51)"}, ICONS[state])
    body += text(19, 63, state_words(state), f"chart__state chart__state--{state}")
    cap_words = gettext("Cap: %(amount)s") % {"amount": som(compact(cap))}
    body += text(WIDTH, 63, cap_words, "chart__axis", "end")
    return body
