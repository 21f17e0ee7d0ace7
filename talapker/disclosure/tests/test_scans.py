"""The public view of a filed version's signed scan: its pages as PNG images drawn on the
server (by the queue, or on request before it has), each with its text, and the PDF only as
a download. Drafts, unknown versions and pages are 404s; long numbers never show."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from talapker.banking.tests import money
from talapker.filings.models import ReportVersion
from talapker.filings.services import draft_open, report_file
from talapker.filings.tests.conftest import CORPUS
from talapker.filings.tests.scan_pdfs import scan, text_pdf
from talapker.funds.models import Fund
from tests.test_languages import ALLOWED_WORDS, english_words

pytestmark = pytest.mark.django_db

ELECTION, PARTY = "jk-2026", "ata-jurt"
PIN = "21503198500124"
KYRGYZ_TEXT = (CORPUS / "pdf" / "clean_kyrgyz_text.pdf").read_bytes()


def _file(fund: Fund, data: bytes | None = KYRGYZ_TEXT, kind: str = "interim") -> ReportVersion:
    upload = scan(data) if data is not None else None
    return report_file(
        fund, kind, *money.PERIOD, money.REPORT, channel="cli", actor="t", scan=upload
    ).version


def _url(name: str, *args: object, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"disclosure:{name}", args=[ELECTION, PARTY, *args])


@pytest.fixture
def extracted(fund: Fund, django_capture_on_commit_callbacks) -> ReportVersion:
    """A version filed with a two-page text scan, extracted by the queue after the commit."""
    data = text_pdf(
        ["Шайлоо фондунун ортоңку отчёту", "Өмүрбеков Нурлан 5000 сом"],
        [f"Асанов Бакыт ПИН {PIN} 1000 сом"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = _file(fund, data)
    assert version.scan_pages.count() == 2
    return version


def test_the_scan_page_shows_each_page_as_an_image_with_its_text(
    client: Client, extracted: ReportVersion
) -> None:
    response = client.get(_url("scan", "interim", 1))
    assert response.status_code == 200
    html = response.content.decode()
    for page in (1, 2):
        assert f'src="{_url("scan-page", "interim", 1, page)}"' in html
    assert 'width="1000" height="1415"' in html
    assert 'alt="Шайлоо фондунун ортоңку отчёту Өмүрбеков Нурлан 5000 сом" lang="ky"' in html
    assert 'loading="lazy"' in html  # the pages after the first
    assert "<details" in html and "Асанов Бакыт" in html
    assert PIN not in html and "•" * len(PIN) in html
    assert _url("scan-pdf", "interim", 1) in html and extracted.scan_sha256 in html


def test_a_page_is_a_png_with_an_etag(client: Client, extracted: ReportVersion) -> None:
    response = client.get(_url("scan-page", "interim", 1, 2))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1000, 1415)
    etag = response["ETag"]
    assert extracted.scan_sha256[:32] in etag
    again = client.get(_url("scan-page", "interim", 1, 2), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_a_page_is_drawn_on_request_before_the_queue_has_run(client: Client, fund: Fund) -> None:
    version = _file(fund)  # no commit in this test: the queue never ran
    assert not version.scan_pages.exists()
    response = client.get(_url("scan-page", "interim", 1, 1))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (1000, 1415)
    assert client.get(_url("scan-page", "interim", 1, 2)).status_code == 404
    page = client.get(_url("scan", "interim", 1))
    assert page.status_code == 200
    assert 'alt="Page 1 of 1"' in page.content.decode()


@pytest.mark.parametrize("page", [0, 3, 99])
def test_a_page_the_scan_does_not_have_is_not_found(
    client: Client, extracted: ReportVersion, page: int
) -> None:
    assert client.get(_url("scan-page", "interim", 1, page)).status_code == 404


def test_drafts_unknown_versions_and_versions_without_scan_are_not_found(
    client: Client, fund: Fund
) -> None:
    _file(fund, None)  # interim version 1, filed without a scan
    draft_open(fund, "interim", *money.PERIOD, None)  # type: ignore[arg-type]
    for kind, number in (("interim", 1), ("interim", 2), ("final", 1), ("nonsense", 1)):
        for name, extra in (("scan", ()), ("scan-page", (1,)), ("scan-pdf", ())):
            url = _url(name, kind, number, *extra)
            assert client.get(url).status_code == 404, url
    unknown_party = f"/en/elections/{ELECTION}/parties/nope/finance/reports/interim/1/scan/"
    assert client.get(unknown_party).status_code == 404


def test_the_pdf_is_only_a_download(client: Client, fund: Fund) -> None:
    _file(fund)
    response = client.get(_url("scan-pdf", "interim", 1))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{ELECTION}-{PARTY}-interim-v1-scan.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == KYRGYZ_TEXT  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_the_scan_page_reads_in_its_language(
    client: Client, extracted: ReportVersion, language: str
) -> None:
    response = client.get(_url("scan", "interim", 1, language=language))
    assert response.status_code == 200
    assert english_words(response.content.decode(), ALLOWED_WORDS) == []
