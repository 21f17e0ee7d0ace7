"""Charts for the public finance pages, drawn on the server as inline SVG.

Drawn here rather than in the browser so that a page works without JavaScript, weighs little
on a phone and reads the same in every browser. Each chart is a `Chart`: the SVG (scaled to
its column, `role="img"` with a title and a one-sentence summary), its caption, and the same
figures as a table for screen readers and for anyone who wants the exact sums;
`{% include "disclosure/_chart.html" with chart=... %}` renders all three.

- `gauge(value, cap, label=...)`: a sum against its legal cap, in one of three states: "ok",
  "near" (at least 80 % of the cap) and "over" (past it). A state is never told by colour
  alone: it is written out under the bar and marked by its own icon (a tick, a triangle, a
  disc), and the part over the cap is hatched.
- `cumulative(money_in, money_out)`: the totals to date over the campaign, two step lines.
- `bars(items, caption=...)`: one bar per item (spending by category, donors by size band,
  funds side by side), each name written above its bar, where a long name has the width.

Colours live in site.css (classes `chart__*`), not in the markup: one palette, with its
contrast ratios, for every chart. Coordinates are rounded to a tenth and a line has at most
`MAX_POINTS` points, whatever the number of transactions, so a chart stays a few kilobytes.
"""

from talapker.disclosure.charts.bars import bars
from talapker.disclosure.charts.gauge import NEAR, gauge, gauge_state
from talapker.disclosure.charts.markup import Cell, Chart, Table
from talapker.disclosure.charts.numbers import compact
from talapker.disclosure.charts.timeline import MAX_POINTS, cumulative

__all__ = [
    "MAX_POINTS",
    "NEAR",
    "Cell",
    "Chart",
    "Table",
    "bars",
    "compact",
    "cumulative",
    "gauge",
    "gauge_state",
]
