"""The widget a news site frames: a fund's gauges and totals, small, without the site's
chrome or scripts, frameable anywhere, while every other page still refuses to be framed;
and the fund's page gives the `<iframe>` to paste."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from talapker.banking.services import statement_import
from talapker.banking.tests import money as samples
from talapker.banking.tests.scenario import SAMPLES as BANK_SAMPLES
from talapker.core.money import money_text
from talapker.disclosure.tests.test_finance_pages import file
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db

EMBED = "/{language}/elections/jk-2026/parties/ata-jurt/finance/embed/"
FUND_PAGE = "/{language}/elections/jk-2026/parties/ata-jurt/finance/"
STYLE = "/static/talapker/embed.css"
MOST_BYTES = 20 * 1024


@pytest.fixture
def story(fund: Fund) -> Fund:
    """Ata-Jurt's interim report (the recorded samples) and its bank statement."""
    file(fund, "interim", samples.CONTRIBUTIONS, samples.EXPENDITURES)
    statement_import(
        "statement.csv", (BANK_SAMPLES / "statement.csv").read_bytes(), actor="b", channel="api"
    )
    return fund


def frame_ancestors(response) -> str:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    [directive] = [d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors")]
    return directive


class TestTheWidget:
    @pytest.mark.parametrize("language", ["ky", "ru", "en"])
    def test_shows_the_gauges_and_totals_of_the_standing_version(self, client, story, language):
        response = client.get(EMBED.format(language=language))
        assert response.status_code == 200
        page = response.content.decode()
        raised = sum(c.amount for c in samples.CONTRIBUTIONS)
        spent = sum(e.amount for e in samples.EXPENDITURES)
        with translation.override(language):
            assert money_text(raised) in page and money_text(spent) in page
        assert page.count('class="chart__svg chart__svg--gauge') == 2
        with translation.override(language):
            labels = [str(_("Raised")), str(_("Spent"))]
        captions = re.findall(r'<figcaption class="chart__caption">([^<]+)</figcaption>', page)
        assert captions == labels, "each gauge says what it measures"
        assert f'<html lang="{language}">' in page

    def test_is_standalone_small_and_has_no_script(self, client, story):
        page = client.get(EMBED.format(language="ky")).content.decode()
        assert "<script" not in page and "site-header" not in page and "site-footer" not in page
        assert 'href="/static/talapker/site.css"' not in page
        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
        assert stylesheets == [STYLE]
        style = client.get(STYLE)
        css = b"".join(style.streaming_content) if style.streaming else style.content  # type: ignore[attr-defined]
        assert len(page.encode()) + len(css) <= MOST_BYTES, (len(page.encode()), len(css))

    def test_credits_the_source_with_a_link_to_the_fund_page_in_a_new_tab(self, client, story):
        page = client.get(EMBED.format(language="ru")).content.decode()
        fund_page = f"http://testserver{FUND_PAGE.format(language='ru')}"
        credit = re.search(
            r'<p class="embed__credit"><a href="([^"]+)" target="_blank" rel="noopener">'
            r"([^<]+)</a>",
            page,
        )
        assert credit is not None
        assert credit.group(1) == fund_page
        assert "Talapker" in credit.group(2) and "ЦИК" in credit.group(2)

    def test_any_site_may_frame_it(self, client, story):
        response = client.get(EMBED.format(language="en"))
        assert "X-Frame-Options" not in response
        assert frame_ancestors(response) == "frame-ancestors *"

    @pytest.mark.parametrize(
        "address",
        [
            FUND_PAGE.format(language="en"),
            "/en/elections/jk-2026/",
            "/en/elections/jk-2026/findings/",
            "/en/accounts/login/",
        ],
    )
    def test_every_other_page_still_refuses_to_be_framed(self, client, story, address):
        response = client.get(address)
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert frame_ancestors(response) == "frame-ancestors 'none'"

    def test_a_fund_without_a_report_says_so(self, client, election):
        page = client.get(EMBED.format(language="en")).content.decode()
        assert "No finance report has been filed for this fund yet." in page
        assert "chart__svg" not in page

    def test_an_unknown_party_is_404_and_not_frameable(self, client, story):
        response = client.get("/en/elections/jk-2026/parties/nope/finance/embed/")
        assert response.status_code == 404
        assert response["X-Frame-Options"] == "DENY"


class TestTheSnippet:
    def test_the_fund_page_gives_the_iframe_to_paste(self, client, story):
        page = client.get(FUND_PAGE.format(language="ky")).content.decode()
        match = re.search(r'<code id="embed-code">([^<]+)</code>', page)
        assert match is not None
        snippet = htmllib.unescape(match.group(1))
        address = f"http://testserver{EMBED.format(language='ky')}"
        assert snippet.startswith(f'<iframe src="{address}" width="360" height="600" title="')
        assert snippet.endswith("></iframe>")
        assert client.get(address.removeprefix("http://testserver")).status_code == 200
