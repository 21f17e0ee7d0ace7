"""A filed scan's pages are read (text layer, else OCR) by the queue after the filing, kept
for search, and searched across an election by word, in any case and script, with long
numbers masked in what the public sees."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from talapker.banking.tests import money
from talapker.elections.models import Election
from talapker.filings import pdfpages
from talapker.filings.models import ReportVersion, ScanPage
from talapker.filings.scantext import (
    mask_long_numbers,
    scan_search,
    scan_search_count,
    scan_text_extract,
    snippet,
    text_key,
    text_language,
)
from talapker.filings.services import draft_open, report_file
from talapker.filings.tests.conftest import CORPUS
from talapker.filings.tests.scan_pdfs import image_pdf, scan, text_pdf
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db

KYRGYZ_TEXT = CORPUS / "pdf" / "clean_kyrgyz_text.pdf"  # "…Өмүрбеков Нурлан, Төлөгөнова Айгүл"
PIN = "21503198500124"
OCR = set(pdfpages.ocr_languages()) >= {"kir", "rus"}
NO_OCR = "tesseract with Kyrgyz and Russian data is not installed (apt-get install " + (
    "tesseract-ocr tesseract-ocr-kir tesseract-ocr-rus; scripts/install.sh does it)"
)


def _file(fund: Fund, data: bytes | None, kind: str = "interim") -> ReportVersion:
    upload = scan(data) if data is not None else None
    filed = report_file(
        fund, kind, *money.PERIOD, money.REPORT, channel="cli", actor="t", scan=upload
    )
    return filed.version


def test_the_text_layer_of_a_real_pdf_is_read(fund: Fund) -> None:
    version = _file(fund, KYRGYZ_TEXT.read_bytes())
    [page] = scan_text_extract(version)
    assert (page.page, page.method) == (1, "text")
    assert "Өмүрбеков Нурлан, Төлөгөнова Айгүл" in page.text
    assert page.text_key.startswith(" ") and " omurbekov nurlan " in page.text_key
    with page.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
    assert image.format == "PNG" and image.size == (page.width, page.height) == (1000, 1415)


@pytest.mark.skipif(not OCR, reason=NO_OCR)
def test_a_page_without_text_is_read_by_ocr_in_kyrgyz_and_russian(fund: Fund) -> None:
    data = image_pdf(
        ["Шайлоо фондунун отчёту", "Өмүрбеков Нурлан 5000 сом"],
        ["Промежуточный отчёт", "Төлөгөнова Айгүл 12000 сом"],
    )
    version = _file(fund, data)
    pages = scan_text_extract(version)
    assert [page.method for page in pages] == ["ocr", "ocr"]
    assert "Өмүрбеков Нурлан" in pages[0].text
    assert "Промежуточный отчёт" in pages[1].text and "Төлөгөнова" in pages[1].text


def test_the_corpus_scan_is_read_by_ocr_or_marked_none(fund: Fund) -> None:
    # The corpus's clean scan: page images of grey lines, a signature and a stamp, headed
    # "Interim report, page N" in a small bitmap font.
    version = _file(fund, (CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    pages = scan_text_extract(version)
    assert len(pages) == 2 and all(page.image for page in pages)
    if pdfpages.ocr_languages():
        assert [page.method for page in pages] == ["ocr", "ocr"]
        assert "Interim report" in pages[0].text and "page 2" in pages[1].text
    else:
        assert [(page.method, page.text) for page in pages] == [("none", "")] * 2


def test_a_scan_over_the_page_cap_is_not_opened() -> None:
    data = (CORPUS / "pdf" / "too_many_pages.pdf").read_bytes()
    with pytest.raises(pdfpages.PdfError, match="more than 500 pages"):
        pdfpages.pdf_page_sizes(data)


def test_filing_a_scan_queues_its_extraction_after_commit(
    fund: Fund, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = _file(fund, KYRGYZ_TEXT.read_bytes())
        without = _file(fund, None, kind="final")
    assert list(version.scan_pages.values_list("page", "method")) == [(1, "text")]
    assert not without.scan_pages.exists()


def test_nothing_is_queued_when_the_filing_rolls_back(fund: Fund) -> None:
    # Without a commit (the test's transaction is never committed) nothing runs.
    version = _file(fund, KYRGYZ_TEXT.read_bytes())
    assert not version.scan_pages.exists()


def test_a_rerun_replaces_the_pages_and_their_images(
    fund: Fund, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = _file(fund, text_pdf(["Первая страница отчёта"], ["Вторая страница отчёта"]))
    first = list(version.scan_pages.all())
    old_images = [Path(page.image.path) for page in first]
    assert all(path.exists() for path in old_images)
    with django_capture_on_commit_callbacks(execute=True):
        again = scan_text_extract(version)
    assert [page.page for page in again] == [1, 2]
    assert ScanPage.objects.filter(version=version).count() == 2
    assert not {page.pk for page in first} & set(version.scan_pages.values_list("pk", flat=True))
    assert not any(path.exists() for path in old_images)
    assert all(Path(page.image.path).exists() for page in version.scan_pages.all())


def test_a_scan_that_cannot_be_read_records_none_and_logs(
    fund: Fund, django_capture_on_commit_callbacks, caplog: pytest.LogCaptureFixture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = _file(fund, KYRGYZ_TEXT.read_bytes())
    Path(version.scan.path).write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100 + b"\n%%EOF\n")
    with caplog.at_level(logging.WARNING, logger="talapker.filings.scantext"):
        [page] = scan_text_extract(version)
    assert (page.page, page.method, page.text, bool(page.image)) == (1, "none", "", False)
    assert f"scan of version {version.pk} cannot be read" in caplog.text


def test_a_child_that_does_not_answer_in_time_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfpages, "TIMEOUT_START", 0.01)
    monkeypatch.setattr(pdfpages, "TIMEOUT_PER_PAGE", 0)
    with pytest.raises(pdfpages.PdfError, match="no answer"):
        pdfpages.pdf_page_png(KYRGYZ_TEXT.read_bytes(), 1)


def test_a_draft_or_a_version_without_scan_has_no_pages(fund: Fund) -> None:
    version = _file(fund, None)
    assert scan_text_extract(version) == []
    draft = draft_open(fund, "final", *money.PERIOD, None)  # type: ignore[arg-type]
    assert scan_text_extract(draft) == []


# Search ----------------------------------------------------------------------------------


@pytest.fixture
def extracted(fund: Fund) -> ReportVersion:
    version = _file(
        fund,
        text_pdf(
            ["Отчёт фонда", "Итоги за октябрь"],
            [f"Асанов Бакыт ПИН {PIN} внёс 1000 сом", "Өмүрбеков Нурлан 5000 сом"],
        ),
    )
    scan_text_extract(version)
    return version


def test_search_finds_a_word_in_another_case_and_script(
    fund: Fund, extracted: ReportVersion
) -> None:
    for query in ("ӨМҮРБЕКОВ", "өмүрбеков", "Omurbekov", "OMURBEK", "нурлан"):
        [hit] = scan_search(fund.election, query)
        assert (hit.version, hit.page) == (extracted, 2), query
        assert hit.version.report.fund == fund
    [hit] = scan_search(fund.election, "ӨМҮРБЕКОВ")
    assert hit.match == "Өмүрбеков" and hit.after.startswith("Нурлан 5000")
    [hit] = scan_search(fund.election, "omurbekov nurl")
    assert hit.match == "Өмүрбеков Нурлан" and hit.before.endswith("1000 сом")
    assert scan_search_count(fund.election, "отчёт") == 1
    assert scan_search(fund.election, "мүрбеков") == []  # inside a word: not a match
    assert scan_search(fund.election, "ө") == []  # too short


def test_search_is_one_query(
    fund: Fund, extracted: ReportVersion, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        hits = scan_search(fund.election, "сом")
        # The fund's code: the party's name follows whatever language the process is in.
        assert [hit.version.report.fund.code for hit in hits] == ["ata-jurt"]
        assert hits[0].version.report.fund.election == fund.election


def test_search_stays_in_its_election_and_pages_by_offset(
    fund: Fund, extracted: ReportVersion
) -> None:
    other = Election.objects.create(
        code="other-2027",
        kind=fund.election.kind,
        name_ky="Башка",
        name_ru="Другие",
        name_en="Other",
        campaign_start=dt.date(2027, 1, 1),
        election_day=dt.date(2027, 2, 1),
    )
    assert scan_search(other, "Асанов") == []
    assert len(scan_search(fund.election, "Асанов", limit=1)) == 1
    assert scan_search(fund.election, "Асанов", limit=1, offset=1) == []


def test_a_snippet_masks_every_long_number(fund: Fund, extracted: ReportVersion) -> None:
    [hit] = scan_search(fund.election, "асанов")
    assert hit.match == "Асанов"
    assert PIN not in hit.snippet and "•" * len(PIN) in hit.snippet
    assert "1000 сом" in hit.snippet  # amounts are short and stay
    # A number cannot be searched for either: the key is made from the masked text.
    assert scan_search(fund.election, PIN) == []
    assert scan_search(fund.election, PIN[:12]) == []
    stored = ScanPage.objects.get(version=extracted, page=2)
    assert PIN in stored.text and PIN not in stored.text_key


def test_masking_takes_runs_of_twelve_digits_or_more() -> None:
    assert mask_long_numbers("11 digits 12345678901") == "11 digits 12345678901"
    assert mask_long_numbers("INN 012345678901, PIN 21503198500124.") == (
        f"INN {'•' * 12}, PIN {'•' * 14}."
    )
    assert text_key("ПИН 21503198500124") == " pin "


def test_the_language_of_a_page_is_guessed_from_its_letters() -> None:
    assert text_language("Шайлоо фондунун ортоңку отчёту") == "ky"
    assert text_language("Отчёт избирательного фонда") == "ru"
    assert text_language("Interim report, page 1") == "en"
    assert text_language("12 000 •••") == ""


def test_a_snippet_is_the_words_around_the_match() -> None:
    text = " ".join(f"w{n}" for n in range(30)) + " Ата-Журт партиясы " + "x " * 30
    before, match, after = snippet(text, "ata jurt")
    assert match == "Ата-Журт"
    assert before.startswith("… ") and before.endswith("w29")
    assert after.startswith("партиясы") and after.endswith(" …")


def test_the_command_extracts_an_elections_scans(
    fund: Fund, capsys: pytest.CaptureFixture[str]
) -> None:
    version = _file(fund, KYRGYZ_TEXT.read_bytes())
    call_command("scan_text", election=fund.election.code)
    assert version.scan_pages.count() == 1
    call_command("scan_text", election=fund.election.code, missing=True)
    out = capsys.readouterr().out
    assert "1 pages extracted (text 1)" in out and "0 pages extracted (none)" in out
