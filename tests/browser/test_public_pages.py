"""A voter on a phone walks home → election → party → candidate in each language; axe-core
finds no serious or critical WCAG violation on any page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

H1 = {
    "ky": "Жогорку Кеңешке шайлоо 2026",
    "ru": "Выборы в Жогорку Кенеш 2026",
    "en": "Jogorku Kenesh election 2026",
}
PARTY = {"ky": "Ынтымак", "ru": "Единство", "en": "Unity"}


@pytest.fixture
def site(live_server, election_folder: Path) -> str:  # type: ignore[no-untyped-def]
    call_command("load_election", str(election_folder))
    return str(live_server.url)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_voter_walks_from_home_to_a_candidate(phone: Page, site: str, lang: str) -> None:
    phone.goto(f"{site}/{lang}/")
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    assert axe_violations(phone) == []

    phone.locator("main a[href$='/elections/jk-2026/']").first.click()
    expect(phone.locator("h1")).to_contain_text(H1[lang])
    assert axe_violations(phone) == []

    phone.locator("main a[href$='/parties/yntymak/']").first.click()
    expect(phone.locator("h1")).to_contain_text(PARTY[lang])
    assert axe_violations(phone) == []

    phone.locator("main a[href$='/candidates/1/']").first.click()
    expect(phone.locator("h1")).to_contain_text("Өмүрбеков Чыңгыз")
    assert axe_violations(phone) == []
    assert phone.url.endswith(f"/{lang}/elections/jk-2026/parties/yntymak/candidates/1/")
    assert "20707198400567" not in phone.content()  # the PIN never reaches a page


def test_the_language_switch_keeps_the_page(phone: Page, site: str) -> None:
    phone.goto(f"{site}/ky/elections/jk-2026/parties/yntymak/")
    phone.locator("a[hreflang='ru']").first.click()
    assert phone.url.endswith("/ru/elections/jk-2026/parties/yntymak/")
    expect(phone.locator("html")).to_have_attribute("lang", "ru")
    expect(phone.locator("h1")).to_contain_text("Единство")


def test_the_browser_language_chooses_the_default(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    for accept, expected in (("ru-RU,ru;q=0.9", "ru"), ("de-DE", "ky"), ("en-GB,en", "en")):
        context = browser.new_context(
            locale=accept.split(",")[0], extra_http_headers={"Accept-Language": accept}
        )
        page = context.new_page()
        page.goto(f"{site}/")
        assert re.search(rf"/{expected}/$", page.url), (accept, page.url)
        context.close()


def test_pages_read_without_javascript(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/en/elections/jk-2026/parties/ata-jurt/")
    expect(page.locator("h1")).to_contain_text("Ata-Jurt Kyrgyzstan")
    expect(page.locator("main")).to_contain_text("Ташиев Камчыбек Асанович")
    context.close()


def test_the_accessibility_check_does_catch_violations(phone: Page) -> None:
    phone.set_content("<html><body><img src='chart.png'><a href='/x'></a></body></html>")
    assert {v["id"] for v in axe_violations(phone)} >= {"image-alt", "link-name"}
