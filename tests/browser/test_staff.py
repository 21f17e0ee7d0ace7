"""An auditor signs in on the real login page with a code from their authenticator, reads the
elections overview and a fund's reconciliation, filters it, uploads statements (one already
received, one hostile) and downloads an original; axe-core finds no serious or critical
WCAG violation on any of these pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from talapker.accounts.models import Role
from talapker.accounts.testing import TEST_PASSWORD, make_user, totp_code
from talapker.banking.services import statement_import
from talapker.banking.tests import make_corpus, money
from talapker.banking.tests.scenario import SAMPLES
from talapker.filings.formats.model import Upload
from talapker.filings.services import report_file
from talapker.filings.tests.conftest import CORPUS as FILINGS_CORPUS
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def auditor(fund) -> User:  # type: ignore[no-untyped-def]
    """An auditor, and the fund's statement received and its report filed."""
    data = (SAMPLES / "statement.csv").read_bytes()
    statement_import("statement.csv", data, actor="aiyl-bank", channel="api")
    scan = Upload("scan.pdf", (FILINGS_CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="treasurer",
                scan=scan)  # fmt: skip
    return make_user("auditor", Role.AUDITOR)


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    """An auditor's laptop screen, in English. CSP is bypassed only so that axe can run."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True, locale="en-GB",
        accept_downloads=True,
    )  # fmt: skip
    page = context.new_page()
    yield page
    context.close()


def test_an_auditor_follows_the_money_of_a_fund(
    desk: Page,
    live_server,
    auditor: User,  # type: ignore[no-untyped-def]
) -> None:
    site = str(live_server.url)
    desk.goto(f"{site}/en/staff/")
    assert "/en/accounts/login/" in desk.url  # not signed in: the login page, then back

    desk.get_by_label("Username").fill("auditor")
    desk.get_by_label("Password").fill(TEST_PASSWORD)
    desk.get_by_label("One-time code").fill(totp_code(auditor))
    desk.get_by_role("button", name="Sign in").click()
    desk.wait_for_url(f"{site}/en/staff/")
    expect(desk.locator("h1")).to_have_text("Elections overview")
    assert axe_violations(desk) == []

    desk.locator("main a[href='/en/staff/jk-2026/funds/ata-jurt/']").first.click()
    desk.wait_for_url(f"{site}/en/staff/jk-2026/funds/ata-jurt/")
    rows = desk.locator("table.staff-transactions tbody tr")
    expect(rows).to_have_count(9)
    expect(desk.locator("table.staff-transactions")).to_contain_text(
        "amount differs from the statement"
    )
    assert axe_violations(desk) == []

    desk.get_by_label("Status").select_option("differs")
    desk.get_by_role("button", name="Show").click()
    desk.wait_for_url("**/?status=differs")
    expect(rows).to_have_count(3)
    assert axe_violations(desk) == []

    with desk.expect_download() as download:
        desk.locator("table.staff-statements a", has_text="statement.csv").click()
    assert download.value.suggested_filename == "statement.csv"

    desk.get_by_role("link", name="Upload a bank statement").click()
    desk.get_by_label("Statement file").set_input_files(str(SAMPLES / "mt940_structured_utf8.sta"))
    desk.get_by_role("button", name="Upload").click()
    expect(desk.get_by_role("status")).to_contain_text("Statement received: 0 new lines")
    assert axe_violations(desk) == []

    desk.get_by_label("Statement file").set_input_files(str(SAMPLES / "statement.csv"))
    desk.get_by_role("button", name="Upload").click()
    expect(desk.get_by_role("status")).to_contain_text(
        "This very file was received before: nothing changed"
    )

    hostile = make_corpus.CORPUS / "camt053" / "billion_laughs.xml"
    desk.get_by_label("Statement file").set_input_files(str(hostile))
    desk.get_by_role("button", name="Upload").click()
    expect(desk.get_by_role("alert")).to_contain_text("The file was refused; nothing was stored")
    expect(desk.get_by_role("alert")).to_contain_text("billion_laughs.xml")
    assert axe_violations(desk) == []


def test_a_treasurer_is_refused_the_staff_pages(
    desk: Page,
    live_server,
    fund,  # type: ignore[no-untyped-def]
) -> None:
    treasurer = make_user("treasurer", Role.FILER, fund=fund)
    site = str(live_server.url)
    desk.goto(f"{site}/en/accounts/login/?next=/en/staff/")
    desk.get_by_label("Username").fill("treasurer")
    desk.get_by_label("Password").fill(TEST_PASSWORD)
    desk.get_by_label("One-time code").fill(totp_code(treasurer))
    with desk.expect_response(lambda r: r.url == f"{site}/en/staff/") as response:
        desk.get_by_role("button", name="Sign in").click()
    assert response.value.status == 403
