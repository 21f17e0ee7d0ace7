"""The public register of findings: confirmed findings one by one, with the rule, the law, the
public explanation, the party's response and any refund; open ones only counted; dismissed
ones not shown; filters and pages; and never a register's facts about a private person."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from rest_framework.test import APIClient

from talapker.compliance.models import Finding, Review, Source
from talapker.compliance.public import (
    PUBLIC_FACTS,
    PUBLIC_TEXTS,
    PUBLISHED_AS_IS,
    public_explanation,
    public_explanations,
    public_template,
)
from talapker.compliance.registry import article_text, load_rules
from talapker.compliance.services import finding_response, finding_review
from talapker.compliance.tests.test_rules import entity, file_and_screen, gift, person
from talapker.core.money import money_text
from talapker.disclosure import findings
from talapker.funds.models import Fund
from tests.test_languages import ALLOWED_WORDS, _names_in_latin, english_words

pytestmark = pytest.mark.django_db

ELECTION = "jk-2026"
REGISTER_NAME = ("Жээнбеков", "Сооронбай")  # the register's name of the PIN filed on line 1
DEATH = "2026-09-01"  # when the register says the holder of line 2's PIN died
PINS = ("21503198500123", "21503198500127", "21503198500124")
RESPONSE = "Партия вернула деньги на счёт отправителя."
FOURTEEN_DIGITS = re.compile(r"(?<!\d)\d{14}(?!\d)")


def _page(language: str = "en", **query: str) -> str:
    with translation.override(language):
        url = reverse("disclosure:findings", kwargs={"election": ELECTION})
    response = Client().get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _confirm(finding: Finding, reason: str = "checked against the register") -> None:
    finding_review(finding, "confirmed", reason, actor="auditor1")


@pytest.fixture
def story(fund: Fund) -> dict[str, Any]:
    """Ata-Jurt's report: a name that is not the register's for its PIN (confirmed), a gift
    dated after its donor's death (confirmed, the party responds and returns it), a foreign
    citizen (left open), and a company registered abroad (dismissed)."""
    person(PINS[0], *REGISTER_NAME, "1985-03-15")
    person(PINS[1], "Токтогулов", "Азамат", "1960-01-01", death_date=DEATH)
    person(PINS[2], "Smith", "John", "1985-03-15", "USA")
    entity("01001201010009", "ОсОО Чет", country="CYP")
    file_and_screen(fund, [
        gift(1, PINS[0], "Иванов Петр", "1000.00"),
        gift(2, PINS[1], "Токтогулов Азамат", "2000.00"),
        gift(3, PINS[2], "Smith John", "3000.00"),
        gift(4, "01001201010009", "ОсОО Чет", "4000.00", "legal_entity"),
    ])  # fmt: skip
    found = {f.rule: f for f in Finding.objects.filter(fund=fund)}
    _confirm(found["DONOR_NAME_MISMATCH"])
    _confirm(found["DONOR_DECEASED"])
    finding_response(
        found["DONOR_DECEASED"],
        RESPONSE,
        refunded_amount=Decimal("2000.00"),
        refunded_on=timezone.localdate(),
        actor="auditor1",
    )
    finding_review(found["ENTITY_FOREIGN"], "dismissed", "a branch of ours", actor="auditor1")
    return found


# What is published ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_confirmed_finding_is_published_with_its_rule_law_response_and_refund(
    story: dict[str, Finding], language: str
) -> None:
    html = _page(language)
    deceased = story["DONOR_DECEASED"]
    with translation.override(language):
        title = str(load_rules()["DONOR_DECEASED"].title)
        article = article_text(load_rules()["DONOR_DECEASED"].article)
        explanation = public_explanation(deceased)
        party = reverse("disclosure:party", kwargs={"election": ELECTION, "party": "ata-jurt"})
        line = reverse(
            "disclosure:contribution", kwargs={"election": ELECTION, "party": "ata-jurt", "line": 2}
        )
        refund = money_text(Decimal("2000.00"))
    assert f'id="finding-{deceased.pk}"' in html
    assert "DONOR_<wbr>DECEASED" in html
    for shown in (title, article, explanation, party, line, refund):
        assert escape(shown) in html, shown
    assert RESPONSE in html
    if language != "en":
        assert english_words(html, ALLOWED_WORDS | _names_in_latin()) == []


def test_open_findings_are_only_counted_and_dismissed_ones_not_shown(
    story: dict[str, Finding],
) -> None:
    html = _page()
    foreign, dismissed = story["DONOR_FOREIGN_CITIZEN"], story["ENTITY_FOREIGN"]
    assert foreign.review == Review.OPEN
    for hidden in (foreign, dismissed):
        assert f'id="finding-{hidden.pk}"' not in html
        assert escape(public_explanation(hidden)) not in html
    counts = html.split('id="open-caption"')[1]
    row = counts.split("DONOR_<wbr>FOREIGN_<wbr>CITIZEN")[1].split("</tr>")[0]
    assert 'data-label="Open findings">1</td>' in row
    assert "ENTITY_<wbr>FOREIGN<" not in html  # dismissed: not even counted by rule
    assert "1 finding was dismissed after review and is not published." in html


def test_a_confirmed_finding_no_longer_found_stays_published_without_its_transaction_link(
    story: dict[str, Finding],
) -> None:
    mismatch = story["DONOR_NAME_MISMATCH"]
    Finding.objects.filter(pk=mismatch.pk).update(active=False)
    html = _page()
    article = html.split(f'id="finding-{mismatch.pk}"')[1].split("</article>")[0]
    assert "No longer found" in article
    assert "/finance/contributions/" not in article
    assert "Contribution, line 1" in article  # named, not linked


def test_the_register_says_when_its_data_last_changed(story: dict[str, Finding]) -> None:
    html = _page()
    reviewed = timezone.localtime(Finding.objects.latest("reviewed_at").reviewed_at)
    assert f"Last decision of an auditor: {reviewed:%Y-%m-%d %H:%M}." in html
    assert "Last check of the reports and bank statements: " in html


# No register facts ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_no_register_fact_about_a_person_and_no_pin_is_published(
    story: dict[str, Finding], language: str
) -> None:
    html = _page(language)
    assert story["DONOR_NAME_MISMATCH"].evidence["register_name"] == " ".join(REGISTER_NAME)
    assert story["DONOR_DECEASED"].evidence["death_date"] == DEATH
    assert "Иванов Петр" in html  # the name as the party filed it is published
    for fact in (*REGISTER_NAME, DEATH, "01.09.2026", "2026-09", *PINS):
        assert fact not in html, fact
    assert not FOURTEEN_DIGITS.search(html)


def test_the_api_publishes_the_same_public_explanation(story: dict[str, Finding]) -> None:
    url = f"/api/v1/elections/{ELECTION}/findings"
    response = APIClient().get(url)
    csv_response = APIClient().get(f"{url}?format=csv")
    csv = b"".join(csv_response.streaming_content).decode()  # type: ignore[attr-defined]
    for text in (response.content.decode(), csv):
        assert "DONOR_DECEASED" in text
        for fact in (*REGISTER_NAME, DEATH, *PINS):
            assert fact not in text, fact
        assert not FOURTEEN_DIGITS.search(text)
    published = {f["rule"]: f for f in response.json()["results"]}
    mismatch = story["DONOR_NAME_MISMATCH"]
    assert published["DONOR_NAME_MISMATCH"]["explanation"] == public_explanations(mismatch)


def test_the_staff_page_keeps_the_register_facts(story: dict[str, Finding]) -> None:
    from talapker.accounts.models import Role
    from talapker.accounts.testing import make_user, sign_in

    client = Client()
    sign_in(client, make_user("auditor2", Role.AUDITOR))
    mismatch = story["DONOR_NAME_MISMATCH"]
    html = client.get(f"/en/staff/findings/{ELECTION}/{mismatch.pk}/").content.decode()
    assert " ".join(REGISTER_NAME) in html


def test_every_rule_has_a_public_explanation_that_names_only_public_facts() -> None:
    rules = load_rules()
    assert set(PUBLIC_TEXTS) | PUBLISHED_AS_IS == set(rules), "decide what the public reads"
    assert not set(PUBLIC_TEXTS) & PUBLISHED_AS_IS
    placeholder = re.compile(r"%\((\w+)\)s")
    for code in rules:
        for language in ("ky", "ru", "en"):
            with translation.override(language):
                text = public_template(code)
            assert text, code
            assert set(placeholder.findall(text)) <= PUBLIC_FACTS, (code, language)


def test_a_pin_in_free_text_is_masked(story: dict[str, Finding]) -> None:
    deceased = story["DONOR_DECEASED"]
    Finding.objects.filter(pk=deceased.pk).update(
        party_response=f"The donor's PIN {PINS[1]} was mistyped."
    )
    html = _page()
    assert PINS[1] not in html
    assert "The donor&#x27;s PIN •••••••••••••• was mistyped." in html


# Filters, pages, queries -------------------------------------------------------------------


@pytest.fixture
def other_fund(story: dict[str, Finding], election: Any) -> Fund:
    """A second party's fund with one confirmed finding: a PIN unknown to the register."""
    other: Fund = election.funds.exclude(code="ata-jurt").filter(party__isnull=False).first()
    file_and_screen(other, [gift(1, "21503198500199", "Осмонов Тилек", "500.00")])
    _confirm(Finding.objects.get(fund=other, rule="DONOR_PIN_UNKNOWN"))
    return other


ARTICLE = re.compile(r'<article class="finding" aria-labelledby="finding-(\d+)"')


def _shown(html: str) -> set[int]:
    """The findings the page publishes one by one."""
    return {int(pk) for pk in ARTICLE.findall(html)}


def test_the_filters_choose_party_rule_and_severity(
    story: dict[str, Finding], other_fund: Fund
) -> None:
    unknown = Finding.objects.get(fund=other_fund, rule="DONOR_PIN_UNKNOWN")
    mismatch, deceased = story["DONOR_NAME_MISMATCH"], story["DONOR_DECEASED"]
    assert _shown(_page()) == {unknown.pk, mismatch.pk, deceased.pk}
    assert other_fund.party is not None
    assert _shown(_page(party=other_fund.party.code)) == {unknown.pk}
    by_party = _page(party="ata-jurt")
    assert _shown(by_party) == {mismatch.pk, deceased.pk}
    assert "DONOR_<wbr>FOREIGN_<wbr>CITIZEN" in by_party  # the counts follow the filter
    assert "DONOR_<wbr>FOREIGN_<wbr>CITIZEN" not in _page(party=other_fund.party.code)
    assert _shown(_page(rule="DONOR_DECEASED")) == {deceased.pk}
    assert _shown(_page(severity="warning")) == {mismatch.pk}
    assert _shown(_page(severity="notice")) == set()
    refused = _page(rule="NO_SUCH_RULE", severity="violation")
    assert "errorlist" in refused
    assert _shown(refused) == {unknown.pk, deceased.pk}


def test_pages_of_fifty_keep_the_filters(story: dict[str, Finding], fund: Fund) -> None:
    unknown = [gift(n, f"2150319850{n:04d}", f"Донор {n}", "10.00") for n in range(10, 62)]
    file_and_screen(fund, unknown)
    Finding.objects.filter(rule="DONOR_PIN_UNKNOWN").update(
        review=Review.CONFIRMED, reviewed_at=timezone.now()
    )
    first = _page(rule="DONOR_PIN_UNKNOWN")
    assert len(_shown(first)) == 50
    assert "?rule=DONOR_PIN_UNKNOWN&amp;page=2" in first
    assert len(_shown(_page(rule="DONOR_PIN_UNKNOWN", page="2"))) == 2
    assert len(_shown(_page(page="2"))) == 4  # 52 unknown PINs and the 2 of the story


# The register costs 9 queries (election, funds, rules offered, the page's count and rows, the
# open counts, the dismissed count, the latest run and review); one spare for the layout.
MAX_QUERIES = 10


def test_the_query_count_does_not_grow_with_the_findings(
    story: dict[str, Finding], fund: Fund, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(MAX_QUERIES):
        _page()
    file_and_screen(fund, [gift(n, f"2150319850{n:04d}", "Донор", "1.00") for n in range(10, 70)])
    Finding.objects.update(review=Review.CONFIRMED, reviewed_at=timezone.now())
    with django_assert_max_num_queries(MAX_QUERIES):
        _page()


def test_an_unknown_election_is_404(db: Any) -> None:
    assert Client().get("/en/elections/no-such-election/findings/").status_code == 404


def test_the_election_page_links_to_the_register(story: dict[str, Finding]) -> None:
    html = Client().get(f"/en/elections/{ELECTION}/").content.decode()
    assert f'href="/en/elections/{ELECTION}/findings/"' in html


# The transaction link ----------------------------------------------------------------------


def test_a_finding_links_to_its_transaction_only_where_there_is_one(
    story: dict[str, Finding], monkeypatch: pytest.MonkeyPatch
) -> None:
    deceased = Finding.objects.select_related("fund__party").get(pk=story["DONOR_DECEASED"].pk)
    with translation.override("en"):
        assert findings.transaction_url(deceased, ELECTION) == (
            f"/en/elections/{ELECTION}/parties/ata-jurt/finance/contributions/2/"
        )
    report = Finding.objects.select_related("fund__party").filter(source="report").first()
    assert report is not None  # the final report is not filed yet: REPORT_MISSING or _LATE
    assert findings.transaction_url(report, ELECTION) is None
    monkeypatch.setitem(findings.TRANSACTION_PAGES, "contribution", "disclosure:no-such-page")
    assert findings.transaction_url(deceased, ELECTION) is None


# The fund's block --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_the_fund_block_shows_its_confirmed_findings_and_counts_the_open_ones(
    story: dict[str, Finding],
    fund: Fund,
    language: str,
    django_assert_max_num_queries: Any,
) -> None:
    fund = Fund.objects.select_related("party").get(pk=fund.pk)
    with translation.override(language), django_assert_max_num_queries(6):
        block = findings.fund_findings(fund)
        html = render_to_string("disclosure/_fund_findings.html", {"fund_findings": block})
    assert {f.rule for f in block.confirmed} == {"DONOR_NAME_MISMATCH", "DONOR_DECEASED"}
    assert block.confirmed_count == 2
    open_rules = {c.rule for c in block.open_counts}
    assert "DONOR_FOREIGN_CITIZEN" in open_rules
    assert "ENTITY_FOREIGN" not in open_rules  # dismissed
    assert (
        block.open_count
        == Finding.objects.public().filter(fund=fund, review=Review.OPEN, active=True).count()
    )
    assert _shown(html) == {story["DONOR_NAME_MISMATCH"].pk, story["DONOR_DECEASED"].pk}
    for fact in (*REGISTER_NAME, DEATH, *PINS):
        assert fact not in html
    assert not FOURTEEN_DIGITS.search(html)
    if language != "en":
        assert english_words(html, ALLOWED_WORDS | _names_in_latin()) == []


@pytest.mark.parametrize(
    ("source", "line", "where"),
    [
        ("contribution", "7", "Contribution, line 7"),
        ("bank", "AB1026111800139", "Bank statement line, transaction AB1026111800139"),
        ("ad", "9602120111936801", "Advertisement 9602120111936801"),
    ],
)
def test_where_a_finding_is_says_line_only_of_a_reports_line(
    source: str, line: str, where: str
) -> None:
    """A bank reference and an ad's id are not line numbers: "line" goes with a report's."""
    with translation.override("en"):
        finding = findings.PublicFinding(
            pk=1, rule="X", title="t", article="a", severity="violation", severity_label="v",
            party=None, source=source, source_label=str(Source(source).label),
            line=line, explanation="e", amount=None, response="", refunded_amount=None,
            refunded_on=None, confirmed_at=None, still_found=True, transaction_url=None,
        )  # fmt: skip
        html = render_to_string("disclosure/_finding.html", {"f": finding, "election_code": "e"})
    assert re.sub(r"\s+", " ", html).count(where) == 1
