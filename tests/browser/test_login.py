"""A treasurer signs in on a phone with password and authenticator code; the login page and
its error state pass axe-core (WCAG 2.2 AA) in each language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from talapker.accounts.testing import TEST_PASSWORD, totp_code
from talapker.accounts.tests.conftest import World, build_world
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server) -> str:  # type: ignore[no-untyped-def]
    return str(live_server.url)


@pytest.fixture
def people(transactional_db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_login_page_is_accessible(phone: Page, site: str, people: World, lang: str) -> None:
    phone.goto(f"{site}/{lang}/accounts/login/")
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    assert axe_violations(phone) == []
    phone.fill("input[name=username]", "treasurer_a")
    phone.fill("input[name=password]", "wrong password")
    phone.locator("main button[type=submit]").first.click()
    expect(phone.locator("[role=alert]")).to_be_visible()
    assert axe_violations(phone) == []


def test_a_treasurer_signs_in_with_password_and_code(
    phone: Page,
    site: str,
    people: World,
) -> None:
    phone.goto(f"{site}/en/accounts/password/")
    assert "/en/accounts/login/?next=/en/accounts/password/" in phone.url
    phone.fill("input[name=username]", "treasurer_a")
    phone.fill("input[name=password]", TEST_PASSWORD)
    phone.fill("input[name=code]", totp_code(people.filer_a))
    phone.locator("main button[type=submit]").first.click()
    expect(phone).to_have_url(f"{site}/en/accounts/password/")
    expect(phone.locator("h1")).to_have_text("Change your password")
