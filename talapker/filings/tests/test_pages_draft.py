"""The draft page: rows typed on the page meet the rules of a file's rows, no upload ends in
a server error, a dangerous scan is quarantined and files nothing, and deadlines are kept."""

from __future__ import annotations

import json
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from talapker.audit.models import AuditEvent
from talapker.filings.formats.model import DEFAULT_LIMITS
from talapker.filings.formats.problems import Problem
from talapker.filings.forms import report_problems, row_check
from talapker.filings.models import Contribution, QuarantinedFile, ReportVersion
from talapker.filings.scans import DEFAULT_SCAN_LIMITS
from talapker.filings.services import rows_of
from talapker.filings.tests.conftest import CORPUS
from talapker.filings.tests.pages import (
    JAVASCRIPT_SCAN,
    NOT_A_PDF,
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

GOOD_ROW = {
    "line": "9",
    "date": "2026-10-05",
    "donor_kind": "individual",
    "donor_id": "21503198500123",
    "donor_name": "Асанов Бакыт",
    "amount": "2500.50",
    "method": "bank",
    "bank_ref": "KICB-9",
    "description": "",
}


@pytest.fixture
def treasurer(fund: Fund) -> Client:
    election_around_today(fund.election, days_to_election=40)
    return signed_in(treasurer_of(fund))


@pytest.fixture
def filled(treasurer: Client, fund: Fund) -> Client:
    """The treasurer with a draft holding the sample rows."""
    start_draft(treasurer, fund)
    assert treasurer.post(url(fund, "draft/upload/"), csv_pair()).status_code == 302
    return treasurer


def message(code: str, **params: str | int) -> str:
    with translation.override("en"):
        return escape(str(Problem("", None, None, code, tuple(sorted(params.items()))).message))


# Rows typed on the page


def test_a_typed_row_is_added_to_the_draft(filled: Client, fund: Fund) -> None:
    response = filled.post(url(fund, "draft/contributions/new/"), GOOD_ROW)
    assert response.status_code == 302
    assert response["Location"] == url(fund, "draft/#contributions")
    row = Contribution.objects.get(version=draft_of(fund), line=9)
    assert (row.amount, row.method, row.bank_ref) == (Decimal("2500.50"), "bank", "KICB-9")


@pytest.mark.parametrize(
    ("changes", "column", "code", "params"),
    [
        ({"amount": "2 500,50"}, "amount", "amount_comma", {"value": "2 500,50"}),
        ({"amount": "-5"}, "amount", "amount_negative", {"value": "-5"}),
        ({"date": "05.10.2026"}, "date", "date_format", {"value": "05.10.2026"}),
        ({"date": "2026-02-30"}, "date", "date_not_exists", {"value": "2026-02-30"}),
        ({"bank_ref": ""}, "bank_ref", "bank_ref_missing", {}),
        ({"line": "3"}, "line", "line_duplicate", {"value": 3, "first": 3}),
        ({"line": "x"}, "line", "line_invalid", {"value": "x"}),
        (
            {"donor_kind": "friend"},
            "donor_kind",
            "unknown_donor_kind",
            {"value": "friend", "allowed": "individual, legal_entity, party_own, candidate_own"},
        ),
    ],
)
def test_a_typed_row_meets_the_rules_of_a_file_row(
    filled: Client, fund: Fund, changes: dict[str, str], column: str, code: str, params: dict
) -> None:  # type: ignore[type-arg]
    before = AuditEvent.objects.count()
    response = filled.post(url(fund, "draft/contributions/new/"), {**GOOD_ROW, **changes})
    assert response.status_code == 200
    assert response.context["form"].errors[column] == [unescape(message(code, **params))]
    assert message(code, **params) in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert Contribution.objects.filter(version=draft_of(fund)).count() == 8
    assert AuditEvent.objects.count() == before


def test_the_row_form_and_the_readers_share_one_check() -> None:
    typed = {"line": "1", "date": "2026-10-01", "category": "tv_radio", "amount": "10"}
    row, problems = row_check("expenditures", {**typed, "method": "cash"})
    assert problems == [] and row is not None and row.category == "tv_radio"
    _row, problems = row_check("expenditures", {"line": "1", "amount": "1.005"})
    assert {p.code for p in problems} == {"value_missing", "amount_decimals"}


def test_a_row_is_corrected_under_a_new_line_number(filled: Client, fund: Fund) -> None:
    response = filled.post(url(fund, "draft/contributions/8/"), {**GOOD_ROW, "line": "80"})
    assert response.status_code == 302
    lines = set(Contribution.objects.filter(version=draft_of(fund)).values_list("line", flat=True))
    assert 80 in lines and 8 not in lines


def test_a_row_is_deleted(filled: Client, fund: Fund) -> None:
    assert filled.post(url(fund, "draft/expenditures/6/delete/")).status_code == 302
    data = rows_of(draft_of(fund))  # type: ignore[arg-type]
    assert [e.line for e in data.expenditures] == [1, 2, 3, 4, 5]
    assert filled.post(url(fund, "draft/expenditures/6/delete/")).status_code == 404


def test_check_re_reads_the_whole_draft(filled: Client, fund: Fund) -> None:
    page = filled.get(url(fund, "draft/?check=1")).content.decode()
    assert "No problems found in 8 contributions and 6 expenditures." in page
    draft = draft_of(fund)
    assert draft is not None
    # A row stored before a rule was tightened (or by hand) is found by the check.
    Contribution.objects.filter(version=draft, line=2).update(method="bank", bank_ref="")
    assert [p.code for p in report_problems(rows_of(draft))] == ["bank_ref_missing"]
    page = filled.get(url(fund, "draft/?check=1")).content.decode()
    assert message("bank_ref_missing") in page


# Uploads


def corpus_uploads() -> list[tuple[str, dict[str, object]]]:
    entries = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    cases = []
    for entry in entries:
        path = CORPUS / entry["file"]
        if entry["parser"] == "csv":
            cases.append((entry["file"], csv_pair(**{entry["table"]: path})))
        elif entry["parser"] == "xlsx":
            cases.append((entry["file"], workbook(path)))
    return cases


def test_no_file_of_the_hostile_corpus_ends_in_a_server_error(filled: Client, fund: Fund) -> None:
    draft = draft_of(fund)
    stored = rows_of(draft)  # type: ignore[arg-type]
    for name, data in corpus_uploads():
        response = filled.post(url(fund, "draft/upload/"), data)
        assert response.status_code in (200, 302), name
        if response.status_code == 200:
            assert "The file was not accepted" in response.content.decode(), name
            assert rows_of(draft) == stored, name  # type: ignore[arg-type]
        else:
            filled.post(url(fund, "draft/upload/"), csv_pair())  # back to the samples


def test_a_file_above_the_cap_is_refused_unread(filled: Client, fund: Fund) -> None:
    huge = SimpleUploadedFile("contributions.csv", b"x" * (DEFAULT_LIMITS.max_csv_bytes + 1))
    data = {**csv_pair(), "contributions": huge}
    response = filled.post(url(fund, "draft/upload/"), data)
    assert response.status_code == 200
    assert (
        message(
            "file_too_large",
            size=DEFAULT_LIMITS.max_csv_bytes + 1,
            limit=DEFAULT_LIMITS.max_csv_bytes,
        )
        in response.content.decode()
    )


def test_a_missing_file_is_named(filled: Client, fund: Fund) -> None:
    data = csv_pair()
    del data["expenditures"]
    response = filled.post(url(fund, "draft/upload/"), data)
    assert response.status_code == 200
    assert response.context["csv_form"].errors["expenditures"]
    assert Contribution.objects.filter(version=draft_of(fund)).count() == 8


# Filing


def test_a_scan_with_javascript_is_quarantined_and_nothing_is_filed(
    filled: Client, fund: Fund
) -> None:
    response = filled.post(url(fund, "draft/file/"), scan(JAVASCRIPT_SCAN))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The scan was not accepted; the report is not filed." in page
    with translation.override("en"):
        assert "the PDF contains JavaScript" in page
    assert "set aside (quarantined)" in page
    kept = QuarantinedFile.objects.get()
    assert (kept.fund, kept.name) == (fund, JAVASCRIPT_SCAN.name)
    assert "javascript" in kept.reasons
    assert not ReportVersion.objects.filed().exists()
    assert (
        Contribution.objects.filter(version=draft_of(fund)).count() == SAMPLE_ROWS["contributions"]
    )


def test_a_file_that_is_not_a_pdf_is_refused_not_quarantined(filled: Client, fund: Fund) -> None:
    page = filled.post(url(fund, "draft/file/"), scan(NOT_A_PDF)).content.decode()
    with translation.override("en"):
        assert "the file is not a PDF" in page
    assert "quarantined" not in page
    assert not QuarantinedFile.objects.exists()
    assert not ReportVersion.objects.filed().exists()


def test_the_scan_is_required(filled: Client, fund: Fund) -> None:
    response = filled.post(url(fund, "draft/file/"), {})
    assert response.status_code == 200
    assert response.context["scan_form"].errors["scan"]
    assert not ReportVersion.objects.filed().exists()


def test_a_scan_above_the_cap_is_refused_unread(filled: Client, fund: Fund) -> None:
    huge = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * DEFAULT_SCAN_LIMITS.max_bytes)
    response = filled.post(url(fund, "draft/file/"), {"scan": huge})
    assert response.status_code == 200
    assert "The scan was not accepted" in response.content.decode()
    assert not ReportVersion.objects.filed().exists()


def test_a_draft_that_breaks_a_rule_is_not_filed(filled: Client, fund: Fund) -> None:
    draft = draft_of(fund)
    Contribution.objects.filter(version=draft, line=2).update(method="bank", bank_ref="")
    response = filled.post(url(fund, "draft/file/"), scan())
    assert response.status_code == 200
    assert message("bank_ref_missing") in response.content.decode()
    assert not ReportVersion.objects.filed().exists()


def test_a_report_filed_after_its_due_date_is_marked_late(fund: Fund) -> None:
    election_around_today(fund.election, days_to_election=-5)  # interim due 15 days ago
    treasurer = signed_in(treasurer_of(fund))
    home = treasurer.get("/en/filing/").content.decode()
    assert home.count("Overdue") == 1  # the interim report; the final one is not due yet
    start_draft(treasurer, fund)
    treasurer.post(url(fund, "draft/upload/"), csv_pair())
    assert treasurer.post(url(fund, "draft/file/"), scan()).status_code == 302
    version = ReportVersion.objects.get()
    assert version.is_late and version.due_on == fund.election.interim_report_due
    assert "Filed late" in treasurer.get(url(fund, "v1/")).content.decode()
    assert "Filed late" in treasurer.get(url(fund)).content.decode()
    home = treasurer.get("/en/filing/").content.decode()
    assert "Filed late" in home and "Overdue" not in home


def test_a_report_filed_on_time_is_not_marked(filled: Client, fund: Fund) -> None:
    assert filled.post(url(fund, "draft/file/"), scan()).status_code == 302
    assert not ReportVersion.objects.get().is_late


# The draft itself


def test_the_period_of_a_draft_changes(filled: Client, fund: Fund) -> None:
    start = fund.election.campaign_start
    response = filled.post(
        url(fund, "draft/period/"),
        {"period_from": start.isoformat(), "period_to": fund.election.election_day.isoformat()},
    )
    assert response.status_code == 302
    draft = draft_of(fund)
    assert draft is not None and draft.period_to == fund.election.election_day
    refused = filled.post(
        url(fund, "draft/period/"), {"period_from": "2026-10-31", "period_to": "2026-10-01"}
    )
    assert refused.status_code == 200
    assert refused.context["period_form"].errors


def test_discarding_a_draft_keeps_the_filed_versions(filled: Client, fund: Fund) -> None:
    filled.post(url(fund, "draft/file/"), scan())
    start_draft(filled, fund)
    response = filled.post(url(fund, "draft/discard/"))
    assert response.status_code == 302 and response["Location"] == url(fund)
    assert draft_of(fund) is None
    assert ReportVersion.objects.filed().count() == 1
    assert AuditEvent.objects.filter(action="draft.discarded").count() == 1
    assert filled.get(url(fund, "draft/"))["Location"] == url(fund)
