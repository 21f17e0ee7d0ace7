"""Horizontal bars as inline SVG for the complaints' statistics: one bar per item, its name
above it and its count at its end, the figures again in a table beside (`_chart.html`).

The drawing's look comes from the site's style sheet (`.chart__svg`, `.chart__bar`,
`.chart__label`, `.chart__value`, as the finance charts use): SVG attributes only, no
inline style, which the content security policy forbids. Every text is escaped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360  # user units: about a CSS pixel on a phone
LINE, BAR, GAP = 16, 16, 12
NAME_CHARS = 44  # characters of a name on one line above its bar (the table has it whole)
FIGURE_ROOM = 64  # user units kept at the end of the longest bar for its figure


@dataclass(frozen=True)
class Bar:
    name: str
    count: int
    note: str = ""  # a share or another figure shown after the count


@dataclass(frozen=True)
class BarChart:
    key: str
    caption: str
    bars: tuple[Bar, ...]
    svg: SafeString

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def bar_chart(caption: str, bars: Sequence[Bar]) -> BarChart:
    """The chart of these bars, in the order given (none: a chart with no drawing)."""
    key = (
        "chart-" + hashlib.blake2b(repr((caption, tuple(bars))).encode(), digest_size=5).hexdigest()
    )
    largest = max((bar.count for bar in bars), default=0)
    room = WIDTH - FIGURE_ROOM
    body, cursor = [], 0
    for bar in bars:
        cursor += LINE
        body.append(
            f'<text x="0" y="{cursor - 4}" class="chart__label">{escape(_short(bar.name))}</text>'
        )
        length = round(bar.count / largest * room, 1) if largest else 0
        body.append(
            f'<rect x="0" y="{cursor}" width="{length}" height="{BAR}" class="chart__bar"></rect>'
        )
        figure = f"{bar.count} · {bar.note}" if bar.note else str(bar.count)
        body.append(
            f'<text x="{length + 5}" y="{cursor + 12}" class="chart__value">{escape(figure)}</text>'
        )
        cursor += BAR + GAP
    height = max(cursor - GAP + 2, 1)
    title = escape(caption)
    markup = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" viewBox="0 0 {WIDTH} '
        f'{height}" width="{WIDTH}" height="{height}" role="img" aria-labelledby="{key}-title">'
        f'<title id="{key}-title">{title}</title>{"".join(body)}</svg>'
    )
    return BarChart(key, caption, tuple(bars), mark_safe(markup))  # noqa: S308 (escaped above)
