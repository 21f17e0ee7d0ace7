"""A treasurer on a 390-pixel phone, with JavaScript on and off, signs in with password and
authenticator code, fills a draft from CSV files, files it with the signed scan, reads the
receipt and files a correction; axe-core finds no serious or critical WCAG 2.2 AA violation
on the way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from talapker.accounts.models import Role
from talapker.accounts.testing import TEST_PASSWORD, make_user, totp_code
from talapker.elections.models import Election
from talapker.filings.tests.conftest import CORPUS, SAMPLES
from talapker.filings.tests.pages import CLEAN_SCAN, election_around_today
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
REPORT = "/en/filing/jk-2026/ata-jurt/interim/"


@pytest.fixture
def site(live_server, election_folder: Path) -> str:  # type: ignore[no-untyped-def]
    call_command("load_election", str(election_folder))
    election = Election.objects.get(code="jk-2026")
    election_around_today(election, days_to_election=40)
    make_user("treasurer", Role.FILER, fund=election.funds.get(code="ata-jurt"))
    return str(live_server.url)


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def phone(browser: Browser, javascript: bool) -> Iterator[Page]:
    """A phone-sized page, with JavaScript on (axe can run) or off (the pages need none)."""
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844},
        bypass_csp=True,  # only so that axe can be injected
        java_script_enabled=javascript,
    )
    page = context.new_page()
    yield page
    context.close()


WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(e => !(e.parentElement && e.parentElement.closest(".table-scroll")))
  .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))"""


def wider_than_the_phone(page: Page) -> list[str]:
    """What sticks out of a 390-pixel screen (tables scroll inside their own region)."""
    if int(page.evaluate("document.documentElement.scrollWidth")) <= PHONE_WIDTH:
        return []
    return list(page.evaluate(WIDER_THAN_THE_SCREEN)) or ["the page"]


def test_a_treasurer_files_a_report_on_a_phone(phone: Page, javascript: bool, site: str) -> None:
    page = phone

    def accessible() -> bool:
        """No serious or critical axe-core violation (axe itself needs JavaScript)."""
        return axe_violations(page) == [] if javascript else True

    page.goto(f"{site}/en/filing/")
    assert "/en/accounts/login/?next=/en/filing/" in page.url
    page.fill("input[name=username]", "treasurer")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.fill("input[name=code]", totp_code(User.objects.get(username="treasurer")))
    page.locator("main button[type=submit]").first.click()
    expect(page).to_have_url(f"{site}/en/filing/")
    assert accessible()
    assert wider_than_the_phone(page) == []

    page.locator(f"main a[href='{REPORT}']").click()
    expect(page.locator("h1")).to_contain_text("Interim report")
    page.get_by_role("button", name="Start a draft").click()
    expect(page).to_have_url(f"{site}{REPORT}draft/")

    # A broken file: the problems table, checked for accessibility in its error state.
    page.set_input_files(
        "input[name=contributions]", str(CORPUS / "csv" / "comma_decimal.contributions.csv")
    )
    page.set_input_files("input[name=expenditures]", str(SAMPLES / "expenditures.csv"))
    page.get_by_role("button", name="Upload the CSV files").click()
    expect(page.locator("[role=alert]").first).to_contain_text("The file was not accepted")
    expect(page.locator("table.filing-problems")).to_contain_text("amount")
    assert accessible()
    assert wider_than_the_phone(page) == []

    page.set_input_files("input[name=contributions]", str(SAMPLES / "contributions.csv"))
    page.set_input_files("input[name=expenditures]", str(SAMPLES / "expenditures.csv"))
    page.get_by_role("button", name="Upload the CSV files").click()
    expect(page.locator(".filing-flash")).to_contain_text("Read 8 contributions and 6 expenditures")
    assert accessible()
    assert wider_than_the_phone(page) == []

    # One row corrected through its form, an error shown first.
    page.get_by_role("link", name="Edit line 2").first.click()
    page.fill("input[name=amount]", "5500,00")
    page.get_by_role("button", name="Save the row").click()
    expect(page.locator("#id_amount_error")).to_contain_text("decimal mark")
    assert accessible()
    page.fill("input[name=amount]", "5500.00")
    page.get_by_role("button", name="Save the row").click()
    expect(page.locator(".filing-flash")).to_contain_text("Line 2 is saved")

    page.set_input_files("input[name=scan]", str(CLEAN_SCAN))
    page.get_by_role("button", name="File this report").click()
    expect(page).to_have_url(f"{site}{REPORT}v1/")
    expect(page.locator(".filing-receipt")).to_contain_text("TK-")
    digest = page.locator(".filing-receipt code.filing-digest").first
    expect(digest).to_have_text(re.compile("^[0-9a-f]{64}$"))
    assert accessible()
    assert wider_than_the_phone(page) == []

    # A correction: version 2 supersedes version 1, and its page shows what changed.
    page.locator(f".breadcrumbs a[href='{REPORT}']").click()  # back to the report
    page.get_by_role("button", name="Start a correction").click()
    page.get_by_role("link", name="Edit line 2").first.click()
    page.fill("input[name=amount]", "5000.00")
    page.get_by_role("button", name="Save the row").click()
    page.set_input_files("input[name=scan]", str(CLEAN_SCAN))
    page.get_by_role("button", name="File this report").click()
    expect(page).to_have_url(f"{site}{REPORT}v2/")
    expect(page.locator(".filing-diff")).to_contain_text("5500.00")
    expect(page.locator(".filing-diff ins")).to_contain_text("5000.00")
    assert accessible()
    assert wider_than_the_phone(page) == []
