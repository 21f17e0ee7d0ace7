"""What every chart is made of: the `Chart` a template renders, and the SVG markup written
element by element, every text and attribute escaped, coordinates rounded to a tenth."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

WIDTH = 360  # user units: about a CSS pixel in the 358-px column of a 390-px phone
TEXT = 13  # the font size of labels in user units, as site.css sets it (.chart__svg)
GLYPH = Decimal("0.7")  # a generous average width of a bold Cyrillic glyph, in ems
FIGURE = Decimal("0.6")  # the same for figures: digits, spaces, a few letters
TENTH = Decimal("0.1")
SVG_NS = "http://www.w3.org/2000/svg"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Table:
    """The chart's figures: a header row, then one row per item, its first cell naming it."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Chart:
    key: str  # the prefix of the ids in the chart, unique on a page
    kind: str  # "gauge", "cumulative" or "bars"
    svg: SafeString
    caption: str
    summary: str  # the chart in one sentence, also its <desc>
    table: Table
    empty: bool = False
    state: str = ""  # a gauge's state: "ok", "near" or "over"


def key_for(kind: str, *parts: object) -> str:
    """An id prefix drawn from the chart's content: the same on every rendering, and
    different for charts that differ."""
    digest = hashlib.blake2b(repr((kind, parts)).encode(), digest_size=5).hexdigest()
    return f"chart-{digest}"


def clean(text: object) -> str:
    """Text that XML accepts: control characters taken out."""
    return CONTROL.sub("", str(text))


def n(value: Decimal | int) -> str:
    """A coordinate to a tenth, without a trailing ".0"."""
    rounded = Decimal(value).quantize(TENTH, ROUND_HALF_UP)
    if rounded == 0:
        return "0"
    written = format(rounded, "f")
    return written.removesuffix(".0")


def element(tag: str, attrs: Mapping[str, object], content: str | None = None) -> str:
    """An element; `content` is markup already (text goes through `text` or `escaped`)."""
    written = "".join(
        f' {name}="{escape(n(value) if isinstance(value, Decimal | int) else clean(value))}"'
        for name, value in attrs.items()
    )
    if content is None:
        return f"<{tag}{written}/>"
    return f"<{tag}{written}>{content}</{tag}>"


def escaped(text: object) -> str:
    return str(escape(clean(text)))


def text(x: Decimal | int, y: Decimal | int, words: str, cls: str, anchor: str = "") -> str:
    attrs: dict[str, object] = {"x": x, "y": y, "class": cls}
    if anchor:
        attrs["text-anchor"] = anchor
    return element("text", attrs, escaped(words))


def text_width(words: str, size: int = TEXT, glyph: Decimal = GLYPH) -> Decimal:
    return len(words) * glyph * size


def fitting(words: str, width: Decimal, size: int = TEXT) -> str:
    """The text, cut with an ellipsis where it would overflow the width."""
    room = max(int(width / (GLYPH * size)), 1)
    return words if len(words) <= room else words[: room - 1].rstrip() + "…"


def lines(words: str, width: Decimal, most: int = 2) -> list[str]:
    """The text broken at spaces into at most `most` lines that fit the width, the last cut
    with an ellipsis if the text is longer."""
    room = max(int(width / (GLYPH * TEXT)), 1)
    broken: list[str] = []
    for word in words.split():
        if broken and len(broken[-1]) + 1 + len(word) <= room:
            broken[-1] += " " + word
        else:
            broken.append(word)
    if len(broken) > most:
        broken = [*broken[: most - 1], " ".join(broken[most - 1 :])]
    return [fitting(line, width) for line in broken] or [""]


def svg(
    key: str, kind: str, height: Decimal | int, title: str, summary: str, body: str, state: str = ""
) -> str:
    """The chart's frame: as wide as its column (no fixed pixel size), named by its title and
    described by its summary for screen readers; a gauge's state is a class, for its colour."""
    attrs = {
        "xmlns": SVG_NS,
        "class": f"chart__svg chart__svg--{kind}" + (f" chart__svg--{state}" if state else ""),
        "viewBox": f"0 0 {WIDTH} {n(height)}",
        "width": "100%",
        "role": "img",
        "aria-labelledby": f"{key}-title",
        "aria-describedby": f"{key}-desc",
    }
    head = element("title", {"id": f"{key}-title"}, escaped(title))
    head += element("desc", {"id": f"{key}-desc"}, escaped(summary))
    return element("svg", attrs, head + body)


def safe(markup: str) -> SafeString:
    return mark_safe(markup)  # noqa: S308 (written by element(), every value escaped)


def empty(key: str, kind: str, caption: str, header: tuple[Cell, ...]) -> Chart:
    """The chart of nothing yet: a framed "No data yet", rather than an empty frame that
    could read as a sum of zero."""
    message = gettext("No data yet")
    body = element(
        "rect",
        {"x": 1, "y": 1, "width": WIDTH - 2, "height": 46, "rx": 4, "class": "chart__empty"},
    )
    body += text(WIDTH // 2, 29, message, "chart__note", "middle")
    markup = svg(key, kind, 48, caption, message, body)
    return Chart(key, kind, safe(markup), caption, message, Table(header, ()), empty=True)
