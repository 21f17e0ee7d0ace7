"""A treasurer files a report in the browser: draft, upload, corrections of rows, the signed
scan, the receipt; then a correction that supersedes the first version (formats.md §4)."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from talapker.audit.models import AuditEvent
from talapker.filings.formats.model import Upload
from talapker.filings.formats.problems import ReportInvalid
from talapker.filings.formats.registry import report_read
from talapker.filings.models import Contribution, Expenditure, ReportVersion
from talapker.filings.services import content_sha256, rows_of
from talapker.filings.tests.conftest import CORPUS, SAMPLES
from talapker.filings.tests.pages import (
    CLEAN_SCAN,
    SAMPLE_ROWS,
    csv_pair,
    draft_of,
    election_around_today,
    scan,
    signed_in,
    start_draft,
    treasurer_of,
    url,
    workbook,
)
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db

BROKEN = CORPUS / "csv" / "every_row_broken.contributions.csv"


@pytest.fixture
def treasurer(fund: Fund) -> Client:
    election_around_today(fund.election, days_to_election=40)
    return signed_in(treasurer_of(fund))


def problems_of(contributions: bytes, name: str) -> list:  # type: ignore[type-arg]
    expenditures = (SAMPLES / "expenditures.csv").read_bytes()
    with pytest.raises(ReportInvalid) as refused:
        report_read(
            "csv",
            {
                "contributions": Upload(name, contributions),
                "expenditures": Upload("expenditures.csv", expenditures),
            },
        )
    return refused.value.problems


def problem_row(problem) -> str:  # type: ignore[no-untyped-def]
    line = "—" if problem.line is None else str(problem.line)
    column = f"<code>{problem.column}</code>" if problem.column else "—"
    return (
        f'<td class="wrap-anywhere" data-label="File">{escape(problem.file)}</td>\n'
        f'      <td class="num key" data-label="Line">{line}</td>\n'
        f'      <td class="key" data-label="Column">{column}</td>\n'
        f'      <td class="key" data-label="Problem">{escape(str(problem.message))}</td>'
    )


def edit_row(client: Client, fund: Fund, table: str, line: int, **changes: str):  # type: ignore[no-untyped-def]
    form = client.get(url(fund, f"draft/{table}/{line}/")).context["form"]
    data = {**form.initial, **changes}
    return client.post(url(fund, f"draft/{table}/{line}/"), data)


def test_a_treasurer_files_a_report_then_a_correction(treasurer: Client, fund: Fund) -> None:
    home = treasurer.get("/en/filing/")
    assert home.status_code == 200
    assert url(fund) in home.content.decode()

    draft = start_draft(treasurer, fund)
    assert (draft.period_from, draft.period_to) == (
        fund.election.campaign_start,
        fund.election.interim_report_due,
    )

    # A broken file: every problem listed with file, line, column and reason; nothing stored.
    refused = treasurer.post(url(fund, "draft/upload/"), csv_pair(contributions=BROKEN))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "The file was not accepted" in page
    with translation.override("en"):
        problems = problems_of(BROKEN.read_bytes(), BROKEN.name)
        assert len(problems) > 3
        for problem in problems:
            assert problem_row(problem) in page
    assert not Contribution.objects.filter(version=draft).exists()
    draft.refresh_from_db()
    assert draft.sources == []

    # The good files: every row is stored, and what came in is recorded.
    accepted = treasurer.post(url(fund, "draft/upload/"), csv_pair())
    assert accepted.status_code == 302
    assert Contribution.objects.filter(version=draft).count() == SAMPLE_ROWS["contributions"]
    assert Expenditure.objects.filter(version=draft).count() == SAMPLE_ROWS["expenditures"]
    draft.refresh_from_db()
    sample = (SAMPLES / "contributions.csv").read_bytes()
    assert draft.sources[0] == {
        "name": "contributions.csv",
        "sha256": hashlib.sha256(sample).hexdigest(),
        "bytes": len(sample),
    }

    # One row corrected on the page.
    assert edit_row(treasurer, fund, "contributions", 2, amount="5500").status_code == 302
    assert Contribution.objects.get(version=draft, line=2).amount == Decimal("5500.00")
    draft_page = treasurer.get(url(fund, "draft/")).content.decode()
    assert "1,347,401.25" in draft_page  # the contributions' total, with the corrected row

    # Filed with the signed scan: the receipt, with the content's SHA-256.
    data = rows_of(draft)
    expected_digest = content_sha256(fund, "interim", draft.period_from, draft.period_to, data)
    filed = treasurer.post(url(fund, "draft/file/"), scan())
    assert filed.status_code == 302
    assert filed["Location"] == url(fund, "v1/")
    first = ReportVersion.objects.get(report__fund=fund, number=1)
    receipt = treasurer.get(url(fund, "v1/")).content.decode()
    assert first.receipt and first.receipt in receipt
    assert f'<code class="filing-digest">{expected_digest}</code>' in receipt
    assert "The report is filed as version 1" in receipt
    assert "Current version" in receipt
    assert "Filed late" not in receipt
    assert first.scan_sha256 == hashlib.sha256(CLEAN_SCAN.read_bytes()).hexdigest()
    assert draft_of(fund) is None

    # A correction starts as a copy of version 1; one amount changes, one row goes.
    correction = start_draft(treasurer, fund)
    assert rows_of(correction) == rows_of(first)
    assert edit_row(treasurer, fund, "expenditures", 3, amount="16000.25").status_code == 302
    deleted = treasurer.post(url(fund, "draft/contributions/6/delete/"))
    assert deleted.status_code == 302
    assert treasurer.post(url(fund, "draft/file/"), scan()).status_code == 302

    versions = treasurer.get(url(fund)).content.decode()
    assert url(fund, "v1/") in versions and url(fund, "v2/") in versions
    assert versions.count("Superseded") == 1
    current = ReportVersion.objects.current().get(report__fund=fund)
    assert current.number == 2
    first.refresh_from_db()
    assert not first.is_current
    assert list(ReportVersion.objects.standing().filter(report__fund=fund)) == [current]

    diff = treasurer.get(url(fund, "v2/")).content.decode()
    assert "Changes from version 1" in diff
    changed = re.search(r'<tr class="filing-diff--changed">.*?</tr>', diff, re.S)
    assert changed is not None
    assert '<del><span class="filing-sr">was </span>15000.25</del>' in changed.group()
    assert '<ins><span class="filing-sr">now </span>16000.25</ins>' in changed.group()
    assert '<tr class="filing-diff--removed">' in diff
    old = treasurer.get(url(fund, "v1/")).content.decode()
    assert "Superseded" in old and url(fund, "v2/") in old

    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("report.filed") == 2
    assert actions.count("draft.opened") == 2
    assert actions.count("draft.updated") == 4  # upload, edit; edit, delete


def test_a_workbook_fills_the_draft(treasurer: Client, fund: Fund) -> None:
    draft = start_draft(treasurer, fund)
    response = treasurer.post(url(fund, "draft/upload/"), workbook())
    assert response.status_code == 302
    assert Contribution.objects.filter(version=draft).count() == SAMPLE_ROWS["contributions"]
    assert Expenditure.objects.filter(version=draft).count() == SAMPLE_ROWS["expenditures"]
    draft.refresh_from_db()
    assert [source["name"] for source in draft.sources] == ["report.xlsx"]


def test_a_refused_workbook_names_sheet_line_and_column(treasurer: Client, fund: Fund) -> None:
    start_draft(treasurer, fund)
    path = CORPUS / "xlsx" / "text_comma_decimal.xlsx"
    page = treasurer.post(url(fund, "draft/upload/"), workbook(path)).content.decode()
    assert (
        '<td class="wrap-anywhere" data-label="File">text_comma_decimal.xlsx[contributions]</td>\n'
        '      <td class="num key" data-label="Line">2</td>'
    ) in page
    assert "<code>amount</code>" in page


def test_problems_read_in_the_language_of_the_page(treasurer: Client, fund: Fund) -> None:
    start_draft(treasurer, fund)
    comma = CORPUS / "csv" / "comma_decimal.contributions.csv"
    (problem,) = problems_of(comma.read_bytes(), comma.name)
    for lang in ("ky", "ru", "en"):
        response = treasurer.post(
            url(fund, "draft/upload/", lang=lang), csv_pair(contributions=comma)
        )
        with translation.override(lang):
            assert escape(str(problem.message)) in response.content.decode()
    with translation.override("ru"):
        russian = str(problem.message)
    with translation.override("en"):
        assert russian != str(problem.message)


def test_the_home_page_lists_each_report_with_its_due_date(treasurer: Client, fund: Fund) -> None:
    page = treasurer.get("/en/filing/").content.decode()
    for kind, due in (
        ("interim", fund.election.interim_report_due),
        ("final", fund.election.final_report_due),
    ):
        assert url(fund, kind=kind) in page
        assert f'datetime="{due.isoformat()}"' in page
    assert "Not filed yet" in page
    assert "Overdue" not in page


def test_the_pages_need_no_javascript(treasurer: Client, fund: Fund) -> None:
    start_draft(treasurer, fund)
    treasurer.post(url(fund, "draft/upload/"), csv_pair())
    treasurer.post(url(fund, "draft/file/"), scan())
    start_draft(treasurer, fund)
    for page in ("", "draft/", "draft/contributions/new/", "draft/contributions/1/", "v1/"):
        html = treasurer.get(url(fund, page)).content.decode()
        assert "<script" not in html, page
        assert 'method="post"' not in html or "csrfmiddlewaretoken" in html
