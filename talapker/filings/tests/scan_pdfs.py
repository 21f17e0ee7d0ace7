"""Signed scans made for the scan-text tests: a PDF with a text layer, and one that is only
page images (as a scanner gives), each with the lines given, in Kyrgyz or Russian."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from talapker.filings.formats.model import Upload

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
A4_200_DPI = (1654, 2339)


def text_pdf(*pages: list[str]) -> bytes:
    """A PDF whose pages carry the lines as text (a report printed to PDF)."""
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    for lines in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, "\n".join(lines))
    return bytes(pdf.output())


def image_pdf(*pages: list[str]) -> bytes:
    """A PDF of page images only, the lines drawn as a scanner sees them at 200 dpi."""
    font = ImageFont.truetype(str(FONT), 40)
    pdf = FPDF(unit="pt", format="A4")
    for lines in pages:
        image = Image.new("L", A4_200_DPI, 250)
        draw = ImageDraw.Draw(image)
        for number, line in enumerate(lines):
            draw.text((150, 200 + number * 80), line, font=font, fill=10)
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=595, h=842)
    return bytes(pdf.output())


def scan(data: bytes) -> Upload:
    return Upload("scan.pdf", data)
