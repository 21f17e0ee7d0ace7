"""Playwright driving Debian's Chromium (never Playwright's own browser download)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API keeps an event loop in the test thread; Django's ORM calls made by
# the test itself (fixtures that load data) are still synchronous, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (scripts/install.sh installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized page. CSP is bypassed only so that axe can be injected."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        bypass_csp=True,
        locale="ky-KG",
        java_script_enabled=True,
    )
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page; return violations of these impacts."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` in tests/browser")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    found = [v for v in result["violations"] if v["impact"] in impacts]
    for violation in found:
        print(json.dumps({k: violation[k] for k in ("id", "impact", "help")}, ensure_ascii=False))
    return found
