"""The text of signed scans, for reading and for search (issue 10, item 9).

After a version with a scan is filed, the queue extracts each page (`filings/tasks.py`): its
text layer if it has a usable one, else what tesseract reads on the page drawn as an image
(Kyrgyz, Russian and English data), and the page drawn for the public pages. All PDF work runs
in a bounded child process (`filings/pdfpages.py`); a scan that cannot be read gets one page
of method "none" and a log line, never a failed worker. A new extraction replaces the
version's pages, so a re-run (`talapker scan-text`) is safe.

Long numbers. A scan may show a private person's PIN (14 digits). The text is stored as read,
but what the public sees of it is masked: `mask_long_numbers` hides every run of twelve or
more digits (a PIN, an INN, an account number; amounts are shorter), in the page text, its
alt text and search snippets. The search key is built from the masked text, so a search for a
number cannot tell whether it is in a scan either. (Digits split by spaces or hyphens are
not joined: a PIN written "215 031 985 001 24" stays readable, as on the page image itself.)

Search folds case and script as donor names are folded (`core.names.name_key`): Өмүрбеков,
ӨМҮРБЕКОВ and Omurbekov meet. The folded text is kept between spaces in `text_key`, so a
query matches at the start of a word by one LIKE, set-based on every database.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from talapker.core.files import files_staged
from talapker.core.identifiers import mask_long_numbers
from talapker.core.names import name_key
from talapker.elections.models import Election
from talapker.filings.models import ReportVersion, ScanPage
from talapker.filings.pdfpages import (
    ExtractedPage,
    OcrUnavailable,
    PdfError,
    pdf_extract,
    pdf_page_ocr,
)

logger = logging.getLogger(__name__)

USABLE_TEXT = 16  # letters and digits a page's text layer needs to be taken as its text
SNIPPET_WORDS = 10  # on each side of the match
MIN_QUERY = 2  # characters of the folded query
ALT_WORDS = 12
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
KYRGYZ_LETTERS = re.compile(r"[өүңӨҮҢ]")


def text_key(text: str) -> str:
    """The search key of a page's text: folded, long numbers masked, between spaces."""
    key = name_key(mask_long_numbers(text))
    return f" {key} " if key else ""


def first_words(text: str, count: int = ALT_WORDS) -> str:
    """The first words of a page's public (masked) text, with an ellipsis if there is more."""
    words = mask_long_numbers(text).split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def text_language(text: str) -> str:
    """A guess at the language of a page's text for `lang`, so that a screen reader reads it
    with the right voice: "en" for Latin script, "ky" for Cyrillic with Kyrgyz letters, "ru"
    for other Cyrillic, "" when there are no letters."""
    latin, cyrillic = len(LATIN.findall(text)), len(CYRILLIC.findall(text))
    if not latin and not cyrillic:
        return ""
    if latin > cyrillic:
        return "en"
    return "ky" if KYRGYZ_LETTERS.search(text) else "ru"


def _usable(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


# Extraction ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    text: str
    method: str
    page: ExtractedPage | None


def _read_pages(version: ReportVersion, data: bytes) -> list[_Read]:
    """Each page's text and how it was read; one page of "none" if the PDF cannot be read."""
    with tempfile.TemporaryDirectory(prefix="talapker-scan-") as folder:
        try:
            pages = pdf_extract(data, Path(folder))
        except PdfError as error:
            logger.warning("scan of version %s cannot be read: %s", version.pk, error)
            return [_Read("", ScanPage.Method.NONE, None)]
    read = []
    for number, page in enumerate(pages, start=1):
        text, method = page.text, ScanPage.Method.TEXT
        if _usable(text) < USABLE_TEXT:
            ocr = _ocr(version, data, number)
            if _usable(ocr) > _usable(text):
                text, method = ocr, ScanPage.Method.OCR
        read.append(_Read(text, method if _usable(text) else ScanPage.Method.NONE, page))
    return read


def _ocr(version: ReportVersion, data: bytes, number: int) -> str:
    try:
        return pdf_page_ocr(data, number)
    except OcrUnavailable as error:
        logger.warning("page %s of version %s not read: %s", number, version.pk, error)
    except PdfError as error:
        logger.warning("OCR of page %s of version %s failed: %s", number, version.pk, error)
    return ""


@files_staged
def scan_text_extract(version: ReportVersion) -> list[ScanPage]:
    """Extract the pages of a filed version's scan (see the module docstring), replacing
    those extracted before. A version without a scan gets no pages."""
    if not version.is_filed or not version.scan:
        return []
    try:
        with version.scan.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        logger.error("scan of version %s is missing: %s", version.pk, error)
        return []
    read = _read_pages(version, data)
    now = timezone.now()
    pages = []
    for number, item in enumerate(read, start=1):
        page = ScanPage(
            version=version,
            page=number,
            text=item.text,
            text_key=text_key(item.text),
            method=item.method,
            extracted_at=now,
        )
        if item.page is not None:
            page.width, page.height = item.page.size.width, item.page.size.height
        pages.append((page, item.page))
    with transaction.atomic():
        # One extraction of a version at a time (the queue and the command may meet): the
        # version's row is locked, never changed.
        lock = ReportVersion.objects.select_for_update(no_key=True).filter(pk=version.pk)
        lock.values_list("pk").get()
        old = list(version.scan_pages.exclude(image="").values_list("image", flat=True))
        ScanPage.objects.filter(version=version).delete()
        for page, extracted in pages:
            if extracted is not None:
                name = f"{version.pk}-{page.page}.png"
                page.image.save(name, ContentFile(extracted.png), save=False)
        stored = ScanPage.objects.bulk_create([page for page, _extracted in pages])
        transaction.on_commit(lambda: _delete_files(old))
    return stored


def _delete_files(names: list[str]) -> None:
    """The images of pages a new extraction replaced (the sweep would find them too)."""
    storage = ScanPage._meta.get_field("image").storage  # type: ignore[union-attr]
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("old scan page image %s not deleted", name)


# Search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanHit:
    """A page of a filed scan that holds the query. `version` comes with its report, fund,
    party and election; the snippet is public text (long numbers masked): `before`, the
    words that matched (`match`), `after`."""

    version: ReportVersion
    page: int
    before: str
    match: str
    after: str

    @property
    def snippet(self) -> str:
        return " ".join(part for part in (self.before, self.match, self.after) if part)


def scan_search(
    election: Election, query: str, *, limit: int = 50, offset: int = 0
) -> list[ScanHit]:
    """The pages of the election's filed scans on which a word starts with the query, folded
    as names are (case and script), one hit a page, in the order of fund, report, version
    and page. A query shorter than two folded characters finds nothing."""
    key = name_key(mask_long_numbers(query))
    if len(key) < MIN_QUERY:
        return []
    pages = (
        _pages(election, key)
        .select_related("version__report__fund__party", "version__report__fund__election")
        .defer("text_key")
        .order_by("version__report__fund__code", "version__report__kind", "version__number", "page")
    )
    return [_hit(page, key) for page in pages[offset : offset + limit]]


def scan_search_count(election: Election, query: str) -> int:
    """How many pages `scan_search` finds in all (for paging)."""
    key = name_key(mask_long_numbers(query))
    return _pages(election, key).count() if len(key) >= MIN_QUERY else 0


def _pages(election: Election, key: str) -> QuerySet[ScanPage]:
    return ScanPage.objects.filter(
        version__report__fund__election=election,
        version__state=ReportVersion.State.FILED,
        text_key__contains=f" {key}",
    )


def _hit(page: ScanPage, key: str) -> ScanHit:
    before, match, after = snippet(page.text, key)
    return ScanHit(page.version, page.page, before, match, after)


def snippet(text: str, key: str, words: int = SNIPPET_WORDS) -> tuple[str, str, str]:
    """The words around the first word that starts with the folded `key`, as (before, match,
    after), masked. ("", "", first words) if the key is not found."""
    tokens = mask_long_numbers(text).split()
    starts: list[tuple[int, int]] = []  # (offset in the joined key, token index)
    joined: list[str] = []
    length = 0
    for index, token in enumerate(tokens):
        folded = name_key(token)
        if folded:
            starts.append((length, index))
            joined.append(folded)
            length += len(folded) + 1
    found = f" {' '.join(joined)} ".find(f" {key}")
    if found < 0 or not tokens:
        return "", "", " ".join(tokens[: words * 2])
    end = found + len(key) - 1
    first = max(index for offset, index in starts if offset <= found)
    last = max(index for offset, index in starts if offset <= end)
    head = max(first - words, 0)
    tail = min(last + 1 + words, len(tokens))
    before = ("… " if head else "") + " ".join(tokens[head:first])
    after = " ".join(tokens[last + 1 : tail]) + (" …" if tail < len(tokens) else "")
    return before.strip(), " ".join(tokens[first : last + 1]), after.strip()
