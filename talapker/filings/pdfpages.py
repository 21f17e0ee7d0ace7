"""The pages of a signed scan, read and drawn in a child process that cannot hurt its parent.

A scan passed `scans.scan_check` when it was filed, but PDFium is C code reading a file a
stranger made: a page that takes minutes to draw, an image that decodes to gigabytes, or a
crash must cost one child process, never the web worker or the queue's consumer. So every
look at a PDF's content runs in `python -I .../filings/pdfpages.py COMMAND`, which caps
its own memory and CPU time before it opens the file, under a wall-clock timeout. The PDF goes
in on stdin; what fails, is refused or times out is `PdfError` to the caller.

Pages are drawn DISPLAY_WIDTH pixels wide (a phone at three device pixels per CSS pixel shows
them sharp), never taller than MAX_DISPLAY_HEIGHT (a very tall page is drawn narrower), as a
palette PNG: a scanned page in 64 colours keeps its stamp and signature at a third of the
bytes. For OCR a page is drawn in grey at OCR_DPI, its longer side at most OCR_MAX_SIDE, and
read by tesseract (no shell, a timeout, one thread).

This module imports nothing from Django or the project (the child runs it as a script), so
that the child starts in a tenth of a second.
"""

from __future__ import annotations

import io
import json
import math
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DISPLAY_WIDTH = 1000
MAX_DISPLAY_HEIGHT = 4000
PALETTE_COLOURS = 64
OCR_DPI = 300
OCR_MAX_SIDE = 5000
OCR_LANGUAGES = ("kir", "rus", "eng")
MAX_PAGES = 500  # as scans.ScanLimits: a longer scan is refused at upload
MAX_PDF_BYTES = 25 * 1024 * 1024
MAX_TEXT_CHARS = 100_000  # of one page
CHILD_MEMORY = 1536 * 1024 * 1024  # address space of the child and its tesseract
# Wall-clock seconds: a first and a per-page allowance, and the longest any child may run.
TIMEOUT_START = 20
TIMEOUT_PER_PAGE = 5
TIMEOUT_OCR = 120
TIMEOUT_MAX = 30 * 60


class PdfError(Exception):
    """The PDF could not be read or drawn (damaged, too large, too slow, or the child died)."""


@dataclass(frozen=True)
class PageSize:
    """A page's size in pixels as drawn for display."""

    width: int
    height: int


@dataclass(frozen=True)
class ExtractedPage:
    size: PageSize
    text: str  # the page's text layer, "" if it has none
    png: bytes  # the page drawn for display


def pdf_page_sizes(data: bytes) -> list[PageSize]:
    """The pages of the PDF and their size as drawn (no drawing: quick)."""
    out = _child(["sizes"], data, TIMEOUT_START)
    return [PageSize(*size) for size in json.loads(out)]


def pdf_page_png(data: bytes, page: int) -> bytes:
    """Page `page` (from 1) drawn for display, as PNG; PdfError if there is no such page."""
    return _child(["png", str(page)], data, TIMEOUT_START + TIMEOUT_PER_PAGE)


def pdf_extract(data: bytes, folder: Path) -> list[ExtractedPage]:
    """Every page's text layer and display image, in one child (it writes the images to
    `folder`, an empty directory the caller owns)."""
    timeout = min(TIMEOUT_START + TIMEOUT_PER_PAGE * MAX_PAGES, TIMEOUT_MAX)
    out = _child(["extract", str(folder)], data, timeout)
    pages = []
    for number, (width, height, text) in enumerate(json.loads(out), start=1):
        png = (folder / f"{number}.png").read_bytes()
        pages.append(ExtractedPage(PageSize(width, height), text, png))
    return pages


def pdf_page_ocr(data: bytes, page: int) -> str:
    """What tesseract reads on page `page` (from 1). PdfError if the page cannot be drawn or
    read; OcrUnavailable if tesseract or its language data is missing."""
    languages = ocr_languages()
    if not languages:
        raise OcrUnavailable("tesseract with kir, rus or eng data is not installed")
    out = _child(["ocr", str(page), "+".join(languages)], data, TIMEOUT_OCR + TIMEOUT_START)
    return out.decode("utf-8")


class OcrUnavailable(PdfError):
    """No tesseract, or none of its language data that scans need."""


@lru_cache(maxsize=1)
def ocr_languages() -> tuple[str, ...]:
    """The languages of OCR_LANGUAGES that tesseract has, in that order; () without it."""
    program = shutil.which("tesseract")
    if program is None:
        return ()
    try:
        listed = subprocess.run(  # noqa: S603 (a fixed program and argument, no shell)
            [program, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    have = set((listed.stdout + listed.stderr).split())
    return tuple(language for language in OCR_LANGUAGES if language in have)


def _child(arguments: list[str], data: bytes, timeout: float) -> bytes:
    if len(data) > MAX_PDF_BYTES:
        raise PdfError("the PDF is too large")
    command = [sys.executable, "-I", os.path.abspath(__file__), *arguments]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "OMP_THREAD_LIMIT": "1",  # tesseract: one thread each, the queue runs several
        "PDFPAGES_CPU": str(math.ceil(timeout)),
    }
    if "TESSDATA_PREFIX" in os.environ:
        env["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    try:
        done = subprocess.run(  # noqa: S603 (this module, page numbers; no shell)
            command, input=data, capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise PdfError(f"{arguments[0]}: no answer in {timeout:.0f} s") from None
    except OSError as error:
        raise PdfError(f"{arguments[0]}: {error}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["killed"]
        raise PdfError(f"{arguments[0]}: {reason[0][:300]} (exit {done.returncode})")
    return done.stdout


# The child ------------------------------------------------------------------------------


def _limit_self() -> None:
    import resource

    cpu = int(os.environ.get("PDFPAGES_CPU", TIMEOUT_START))
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _open(data: bytes) -> Any:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    if len(document) > MAX_PAGES:
        raise PdfError(f"more than {MAX_PAGES} pages")
    return document


def _display_scale(page: Any) -> float:
    width, height = page.get_size()
    if width < 1 or height < 1:
        raise PdfError("a page has no size")
    scale = DISPLAY_WIDTH / width
    if height * scale > MAX_DISPLAY_HEIGHT:
        scale = MAX_DISPLAY_HEIGHT / height
    return float(scale)


def _display_size(page: Any) -> tuple[int, int]:
    scale = _display_scale(page)
    width, height = page.get_size()
    return math.ceil(width * scale), math.ceil(height * scale)


def _display_png(page: Any) -> bytes:
    from PIL import Image

    image = page.render(scale=_display_scale(page)).to_pil().convert("RGB")
    palette = image.quantize(PALETTE_COLOURS, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _clean(text: str) -> str:
    """Text as a database keeps it: no NUL or other control characters, no lone
    surrogates, lines ended by \\n, bounded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()[:MAX_TEXT_CHARS]


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        return _clean(textpage.get_text_bounded())
    finally:
        textpage.close()


def _ocr(page: Any, languages: str) -> str:
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, OCR_MAX_SIDE / max(width, height))
    image = page.render(scale=scale, grayscale=True).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    program = shutil.which("tesseract")
    if program is None:
        raise OcrUnavailable("tesseract is not installed")
    done = subprocess.run(  # noqa: S603 (tesseract, our language codes; no shell)
        [program, "stdin", "stdout", "-l", languages],
        input=out.getvalue(),
        capture_output=True,
        timeout=TIMEOUT_OCR,
        check=False,
    )
    if done.returncode != 0:
        raise PdfError(f"tesseract: exit {done.returncode}")
    return _clean(done.stdout.decode("utf-8", "replace"))


def _page(document: Any, number: str) -> Any:
    index = int(number) - 1
    if not 0 <= index < len(document):
        raise PdfError(f"no page {number}")
    return document[index]


def main(arguments: list[str]) -> None:
    _limit_self()
    data = sys.stdin.buffer.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise PdfError("the PDF is too large")
    document = _open(data)
    out = sys.stdout.buffer
    command = arguments[0]
    if command == "sizes":
        out.write(json.dumps([_display_size(page) for page in document]).encode())
    elif command == "png":
        out.write(_display_png(_page(document, arguments[1])))
    elif command == "extract":
        folder = Path(arguments[1])
        pages = []
        for number, page in enumerate(document, start=1):
            (folder / f"{number}.png").write_bytes(_display_png(page))
            pages.append([*_display_size(page), _page_text(page)])
        out.write(json.dumps(pages, ensure_ascii=False).encode("utf-8"))
    elif command == "ocr":
        out.write(_ocr(_page(document, arguments[1]), arguments[2]).encode("utf-8"))
    else:
        raise PdfError(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
