"""The signed scan of a filed report version, for the public (issue 10, item 2): its pages as
images drawn on the server, each with its text, and the PDF only as a download (a PDF is
never rendered inline on our origin).

Only filed versions are shown; a draft, an unknown version or page, and a version filed
without a scan are 404s. A page's image is the one the queue drew when it extracted the
scan (`filings/scantext.py`); until it has, the page is drawn on request by the bounded child
process (`filings/pdfpages.py`). A filed scan never changes, so an image is cached by the
browser and revalidated by an ETag made of the scan's SHA-256 and the page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from talapker.filings.models import ReportVersion, ScanPage
from talapker.filings.pdfpages import PdfError, pdf_page_png, pdf_page_sizes
from talapker.filings.scantext import first_words, mask_long_numbers, text_language

logger = logging.getLogger(__name__)

IMAGE_MAX_AGE = 24 * 3600  # seconds; then revalidated by the ETag
IMAGE_DRAWING = "1"  # part of the ETag: a change in how pages are drawn renews them


@dataclass(frozen=True)
class PublicPage:
    """What the scan page shows of one page: public text only (long numbers masked)."""

    number: int
    width: int
    height: int
    text: str
    language: str
    alt: str
    method: str

    @property
    def drawn(self) -> bool:
        return self.width > 0


def _version(election: str, party: str, kind: str, number: int) -> ReportVersion:
    """The filed version with a scan at this address, or Http404."""
    found = (
        ReportVersion.objects.filed()
        .exclude(scan="")
        .select_related("report__fund__election", "report__fund__party")
        .filter(
            report__fund__election__code=election,
            report__fund__party__code=party,
            report__kind=kind,
            number=number,
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def _scan_bytes(version: ReportVersion) -> bytes:
    try:
        with version.scan.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        logger.error("scan of version %s is missing", version.pk)
        raise Http404 from None


def _alt(number: int, pages: int, text: str) -> str:
    """The page's first words (in the page's language, which the image's `lang` gives), or,
    for a page without text, its number."""
    return first_words(text) or _("Page %(number)s of %(pages)s") % {
        "number": number,
        "pages": pages,
    }


def _public_pages(version: ReportVersion) -> list[PublicPage]:
    """The pages as extracted, or, before the queue has extracted them, their sizes alone."""
    stored = list(version.scan_pages.defer("text_key").order_by("page"))
    if stored:
        return [
            PublicPage(
                number=page.page,
                width=page.width,
                height=page.height,
                text=mask_long_numbers(page.text),
                language=text_language(page.text),
                alt=_alt(page.page, len(stored), page.text),
                method=page.method,
            )
            for page in stored
        ]
    try:
        sizes = pdf_page_sizes(_scan_bytes(version))
    except PdfError as error:
        logger.warning("scan of version %s cannot be drawn: %s", version.pk, error)
        return []
    return [
        PublicPage(n, size.width, size.height, "", "", _alt(n, len(sizes), ""), "")
        for n, size in enumerate(sizes, start=1)
    ]


@require_safe
def scan(request: HttpRequest, election: str, party: str, kind: str, number: int) -> HttpResponse:
    """The scan's pages as images, each with its text, and the PDF to download."""
    version = _version(election, party, kind, number)
    fund = version.report.fund
    pages = _public_pages(version)
    return render(
        request,
        "disclosure/scan.html",
        {
            "election": fund.election,
            "party": fund.party,
            "version": version,
            "kind_label": version.report.get_kind_display(),
            "pages": pages,
            "extracted": any(page.method for page in pages),
            "finance_url": reverse("disclosure:fund-finance", args=[election, party]),
        },
    )


def _etag(version: ReportVersion, page: int) -> str:
    return f'"{version.scan_sha256[:32]}-{page}-{IMAGE_DRAWING}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    asked = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") in (etag, "*") for tag in asked.split(","))


def _cached(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def scan_page(
    request: HttpRequest, election: str, party: str, kind: str, number: int, page: int
) -> HttpResponse:
    """Page `page` of the scan as a PNG about 1000 pixels wide."""
    if page < 1:
        raise Http404
    version = _version(election, party, kind, number)
    etag = _etag(version, page)
    if _matches(request, etag):
        return _cached(HttpResponse(status=304), etag)
    if version.scan_pages.exists():
        png = _stored_png(version.scan_pages.filter(page=page).only("pk", "image").first())
    else:
        png = _drawn_png(version, page)
    return _cached(HttpResponse(png, content_type="image/png"), etag)


def _stored_png(found: ScanPage | None) -> bytes:
    """The image the queue drew; 404 for a page the scan does not have or that could not be
    drawn."""
    if found is None or not found.image:
        raise Http404
    try:
        with found.image.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        logger.error("image of scan page %s is missing", found.pk)
        raise Http404 from None


def _drawn_png(version: ReportVersion, page: int) -> bytes:
    try:
        return pdf_page_png(_scan_bytes(version), page)
    except PdfError as error:
        logger.info("page %s of the scan of version %s not drawn: %s", page, version.pk, error)
        raise Http404 from None


@require_safe
def scan_pdf(
    request: HttpRequest, election: str, party: str, kind: str, number: int
) -> FileResponse:
    """The signed scan as filed, only ever as a download."""
    version = _version(election, party, kind, number)
    try:
        handle = version.scan.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{election}-{party}-{kind}-v{number}-scan.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
