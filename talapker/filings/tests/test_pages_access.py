"""Only a fund's own filers reach its filing pages; everyone else meets the 404 of a fund
that does not exist, and changes nothing. The scan is a download for filers and auditors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user
from talapker.audit.models import AuditEvent
from talapker.filings.models import Contribution, ReportVersion
from talapker.filings.tests.pages import (
    CLEAN_SCAN,
    csv_pair,
    election_around_today,
    scan,
    signed_in,
    start_draft,
    treasurer_of,
    url,
)
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db

PAGES = (
    "",
    "draft/",
    "draft/contributions/new/",
    "draft/contributions/1/",
    "draft/expenditures/1/",
    "v1/",
    "v1/scan.pdf",
)
ROW = {
    "line": "99",
    "date": "2026-10-02",
    "donor_kind": "individual",
    "amount": "10",
    "method": "cash",
}
POSTS = (
    "",
    "draft/upload/",
    "draft/period/",
    "draft/contributions/new/",
    "draft/contributions/1/",
    "draft/contributions/1/delete/",
    "draft/file/",
    "draft/discard/",
)


@dataclass
class Filed:
    """Fund A with one filed version and an open correction; a filer of another fund."""

    fund: Fund
    treasurer: Client
    outsider: User


@pytest.fixture
def filed(fund: Fund) -> Filed:
    election_around_today(fund.election, days_to_election=40)
    treasurer = signed_in(treasurer_of(fund))
    start_draft(treasurer, fund)
    assert treasurer.post(url(fund, "draft/upload/"), csv_pair()).status_code == 302
    assert treasurer.post(url(fund, "draft/file/"), scan()).status_code == 302
    start_draft(treasurer, fund)
    other = fund.election.funds.exclude(pk=fund.pk).first()
    assert other is not None
    return Filed(fund, treasurer, treasurer_of(other, "other_treasurer"))


def post_data(tail: str) -> dict[str, object]:
    """A request each POST would accept from the fund's own filer."""
    if tail == "draft/upload/":
        return csv_pair()
    if tail == "draft/file/":
        return scan()
    if tail in ("", "draft/period/"):
        return {"period_from": "2026-10-01", "period_to": "2026-10-31"}
    if tail.startswith("draft/contributions/") and not tail.endswith("delete/"):
        return ROW
    return {}


def state() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        ReportVersion.objects.count(),
        Contribution.objects.count(),
    )


def test_another_funds_filer_gets_404_on_every_page_and_changes_nothing(filed: Filed) -> None:
    outsider = signed_in(filed.outsider)
    before = state()
    for tail in PAGES:
        assert outsider.get(url(filed.fund, tail)).status_code == 404, tail
    for tail in POSTS:
        response = outsider.post(url(filed.fund, tail), post_data(tail))
        assert response.status_code == 404, tail
    assert state() == before
    assert url(filed.fund) not in outsider.get("/en/filing/").content.decode()


def test_the_404_of_a_fund_one_may_not_file_for_is_that_of_a_missing_fund(
    filed: Filed,
) -> None:
    outsider = signed_in(filed.outsider)
    theirs = outsider.get(url(filed.fund, "v1/"))
    missing = outsider.get(f"/en/filing/{filed.fund.election.code}/no-such-fund/interim/v1/")
    assert theirs.status_code == missing.status_code == 404
    # the same page, but for the links to itself in the other languages
    assert theirs.content.replace(filed.fund.code.encode(), b"no-such-fund") == missing.content


def test_the_funds_own_filer_reaches_every_page(filed: Filed) -> None:
    for tail in PAGES:
        assert filed.treasurer.get(url(filed.fund, tail)).status_code == 200, tail


def test_the_funds_own_filer_is_heard_on_every_post(filed: Filed) -> None:
    for tail in POSTS:  # in this order, each leaves a state the next one accepts
        response = filed.treasurer.post(url(filed.fund, tail), post_data(tail))
        assert response.status_code in (200, 302), tail
    rows = Contribution.objects.filter(version__number=2)
    assert set(rows.values_list("line", flat=True)) == {2, 3, 4, 5, 6, 7, 8, 99}


def test_someone_not_signed_in_is_sent_to_the_login_page(filed: Filed) -> None:
    anonymous = Client()
    before = state()
    for tail in PAGES:
        response = anonymous.get(url(filed.fund, tail))
        assert response.status_code == 302, tail
        assert response["Location"].startswith("/en/accounts/login/?next=/en/filing/"), tail
    for tail in POSTS:
        response = anonymous.post(url(filed.fund, tail), post_data(tail))
        assert response.status_code == 302, tail
        assert response["Location"].startswith("/en/accounts/login/"), tail
    assert anonymous.get("/en/filing/").status_code == 302
    assert state() == before


def test_a_filer_who_has_not_passed_the_second_factor_is_sent_to_log_in(filed: Filed) -> None:
    half = Client()
    half.force_login(User.objects.get(username="treasurer"))
    response = half.get(url(filed.fund, "draft/"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_posts_need_the_csrf_token(filed: Filed) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = filed.treasurer.cookies
    before = state()
    for tail in POSTS:
        assert strict.post(url(filed.fund, tail), post_data(tail)).status_code == 403, tail
    assert state() == before


def test_the_scan_is_only_ever_a_download(filed: Filed) -> None:
    response = filed.treasurer.get(url(filed.fund, "v1/scan.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == CLEAN_SCAN.read_bytes()  # type: ignore[attr-defined]


def test_an_auditor_downloads_the_scan_but_does_not_file(filed: Filed) -> None:
    auditor = signed_in(make_user("auditor", Role.AUDITOR))
    assert auditor.get(url(filed.fund, "v1/scan.pdf")).status_code == 200
    assert auditor.get(url(filed.fund, "draft/")).status_code == 404
    assert auditor.post(url(filed.fund, "draft/discard/")).status_code == 404


def test_unknown_kinds_tables_and_versions_are_404(filed: Filed) -> None:
    for tail in ("v9/", "v9/scan.pdf", "draft/donations/new/", "draft/contributions/999/"):
        assert filed.treasurer.get(url(filed.fund, tail)).status_code == 404, tail
    assert filed.treasurer.get(url(filed.fund, kind="monthly")).status_code == 404
