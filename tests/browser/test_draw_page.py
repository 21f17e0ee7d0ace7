"""A party's representative on a phone, in Kyrgyz: notes the commitment before the draw,
then finds the order and downloads the protocol, which the stand-alone script re-checks.
axe-core finds no serious violation; the page stays light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from talapker.elections.models import Election
from talapker.lotdraw.services import commit, draw
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "verify_draw.py"
SHOTS = os.environ.get("LAYOUT_SCREENSHOTS", "")


@pytest.fixture
def site(live_server, election_folder: Path) -> str:  # type: ignore[no-untyped-def]
    call_command("load_election", str(election_folder))
    return str(live_server.url)


def test_a_representative_follows_the_draw_on_a_phone(
    phone: Page, site: str, tmp_path: Path
) -> None:
    election = Election.objects.get(code="jk-2026")
    committed = commit(election, "commission")
    phone.goto(f"{site}/ky/elections/jk-2026/")
    phone.locator("main a[href$='/elections/jk-2026/draw/']").click()
    expect(phone.locator("h1")).to_have_text("Бюллетендеги кезек үчүн чүчүкулак")
    expect(phone.locator("main")).to_contain_text(committed.commitment)
    assert committed.secret not in phone.content()
    assert axe_violations(phone) == []

    drawn = draw(election, ["Ата-Журттун өкүлү: 4417", "байкоочу: бүркүт"], "commission")
    answer = phone.reload()
    assert answer is not None and len(answer.body()) < 150 * 1024
    names = phone.locator("ol.ballot-order li").all_inner_texts()
    assert len(names) == len(drawn.order) == 3
    assert axe_violations(phone) == []
    if SHOTS:
        phone.screenshot(path=str(Path(SHOTS) / "draw-390.png"), full_page=True)
    with phone.expect_download() as download:
        phone.locator("a[href$='/draw/protocol.json']").click()
    saved = tmp_path / "draw.json"
    download.value.save_as(saved)
    checked = subprocess.run(
        [sys.executable, str(SCRIPT), str(saved)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
