"""The scanned signed original of each report (``scan.pdf``): one page with the report's header.

A real scan is an image of paper; this one is a small text PDF (a few kilobytes) that the
platform's scan check accepts as it would a plain scan. It shows the party, the report's
kind and period, the account, the totals and the signature line. The font is DejaVu Sans
(for ң, ө, ү), cut down once per process to the characters the scans use, so that each PDF
is quick to make; the creation date is fixed (moved with the story), so the files are
byte-identical per seed and reference date.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import TTFFont

from .programmes import FONT_PATH, _check_font

KINDS = {"interim": ("Промежуточный", "Аралык"), "final": ("Итоговый", "Жыйынтыктоочу")}
#: characters the scans may use: ASCII, Russian and Kyrgyz Cyrillic, a few signs
CHARSET = (
    "".join(chr(c) for c in range(32, 127))
    + "".join(chr(c) for c in range(0x400, 0x460))
    + "ҢңӨөҮү«»№—–·…"
)
_FONT_DIRS: list[tempfile.TemporaryDirectory[str]] = []


@dataclass(frozen=True)
class ScanHeader:
    """What the first page of a report shows."""

    party_ky: str
    party_ru: str
    fund: str
    kind: str
    period: tuple[date, date]
    bank: str
    account: str
    contributions: int
    received: Decimal
    expenditures: int
    spent: Decimal
    leader: str
    created: datetime  # the PDF's creation date


@cache
def scan_font() -> str:
    """A DejaVu Sans subset with :data:`CHARSET`, written once per process."""
    _check_font()
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    options = subset.Options()
    options.name_IDs = ["*"]
    # the scans need outlines and metrics only: no layout, kerning or device tables
    options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "kern", "hdmx", "LTSH", "VDMX"]
    options.hinting = False
    options.layout_features = []
    font = TTFont(str(FONT_PATH), recalcTimestamp=False)  # keep the file's own dates
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=CHARSET)
    subsetter.subset(font)
    folder = tempfile.TemporaryDirectory(prefix="talapker-font-")
    _FONT_DIRS.append(folder)  # kept until the process ends
    path = Path(folder.name) / "DejaVuSans-scan.ttf"
    font.save(str(path))
    return str(path)


def _som(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", " ")


def report_scan(h: ScanHeader) -> bytes:
    """The PDF of one report's signed first page."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(h.created)
    pdf.set_title(f"{h.fund} {h.kind} report")
    pdf.set_creator("Talapker synthetic election generator")
    pdf.add_font("DejaVu", fname=scan_font())
    for font in pdf.fonts.values():  # keep the font's own boxes: recomputing them re-encodes
        if isinstance(font, TTFFont):  # every glyph and takes most of the time
            font.ttfont.recalcBBoxes = False
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    ru, ky = KINDS[h.kind]
    start, end = h.period

    def line(text: str, size: float = 10, gap: float = 1.0) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line("Шайлоо фондунун каражаттарынын түшүүсү жана сарпталышы жөнүндө отчёт", 12)
    line("Отчёт о поступлении и расходовании средств избирательного фонда", 12, 4)
    line(f"Партия / Партия: «{h.party_ky}» / «{h.party_ru}» ({h.fund})")
    line(f"Вид отчёта / Отчёттун түрү: {ru} / {ky} ({h.kind})")
    line(f"Период / Мезгил: {start:%d.%m.%Y} — {end:%d.%m.%Y}")
    line(f"Специальный счёт / Атайын эсеп: {h.account}, {h.bank}", gap=4)
    line(f"Поступило взносов / Салымдар: {h.contributions}, на сумму {_som(h.received)} сом")
    line(f"Израсходовано / Чыгашалар: {h.expenditures}, на сумму {_som(h.spent)} сом", gap=8)
    line(f"Подписано / Кол коюлду: {h.leader}, председатель партии ____________")
    line(f"Главный бухгалтер / Башкы эсепчи: ____________    Дата: {end:%d.%m.%Y}")
    return bytes(pdf.output())
