"""The auditors' pages on findings, and the findings on the filer's draft page: only
auditors and administrators get in; the queue counts, filters and orders; a finding shows
its explanation in the page's language; a review needs a reason, is audit-logged and
survives a re-run; the party's response stores the refund."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.audit.models import AuditEvent
from talapker.banking.tests import money
from talapker.compliance import engine
from talapker.compliance.models import Finding, Review
from talapker.compliance.registry import RULES, article_text, load_rules
from talapker.filings.formats.model import Upload
from talapker.filings.services import draft_open, draft_replace, report_file
from talapker.filings.tests.conftest import CORPUS as FILINGS_CORPUS

pytestmark = pytest.mark.django_db

QUEUE = "/{lang}/staff/findings/jk-2026/"
DETAIL = "/{lang}/staff/findings/jk-2026/{pk}/"
RULE = "DONOR_PIN_UNKNOWN"


def text(response: Any) -> str:
    return str(response.content.decode())


def rows_html(page: str) -> str:
    """The body of the table of findings, or "" if there is none."""
    if "<tbody>" not in page:
        return ""
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def queue_url(lang: str = "en") -> str:
    return QUEUE.format(lang=lang)


def detail_url(finding: Finding, lang: str = "en") -> str:
    return DETAIL.format(lang=lang, pk=finding.pk)


@pytest.fixture
def screened(fund):  # type: ignore[no-untyped-def]
    """The story of money.py filed for «Ата-Журт» and the election screened."""
    scan = Upload("scan.pdf", (FILINGS_CORPUS / "pdf" / "clean_scan.pdf").read_bytes())
    report_file(
        fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="test", scan=scan
    )
    engine.screen(fund.election, trigger="test")
    assert Finding.objects.filter(rule=RULE, active=True).exists()
    return fund


@pytest.fixture
def finding(screened) -> Finding:  # type: ignore[no-untyped-def]
    return Finding.objects.filter(rule=RULE, active=True).order_by("pk").first()


@pytest.fixture
def auditor(client: Client) -> Client:
    sign_in(client, make_user("auditor", Role.AUDITOR))
    return client


# Who gets in -----------------------------------------------------------------------------


def test_the_public_is_sent_to_the_login_page(client: Client, finding: Finding) -> None:
    for url in (queue_url(), detail_url(finding)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next="), url
        assert client.post(url, {"review": "confirmed", "reason": "x"}).status_code == 302
    assert Finding.objects.get(pk=finding.pk).review == Review.OPEN


@pytest.mark.parametrize("role", [Role.FILER, Role.BANK])
def test_filers_and_banks_get_403_on_every_page_and_post(
    client: Client, finding: Finding, role: str
) -> None:
    scope: dict[str, Any] = {"fund": finding.fund} if role == Role.FILER else {"bank": "Айыл Банк"}
    sign_in(client, make_user("someone", role, **scope))
    for url in (queue_url(), detail_url(finding)):
        assert client.get(url).status_code == 403, url
    posts = [
        {"action": "review", "review": "dismissed", "reason": "not mine to judge"},
        {"action": "response", "response": "we refunded", "refunded_amount": "1.00",
         "refunded_on": "2025-11-01"},
    ]  # fmt: skip
    for data in posts:
        assert client.post(detail_url(finding), data).status_code == 403
        assert client.post(queue_url(), data).status_code == 403
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.review, stored.party_response, stored.refunded_amount) == ("open", "", None)
    assert not AuditEvent.objects.filter(action__startswith="finding.").exists()


# The queue -------------------------------------------------------------------------------


def test_the_queue_shows_counts_and_rows_worst_first(auditor: Client, screened) -> None:
    active = Finding.objects.filter(election=screened.election, active=True, review="open")
    with CaptureQueriesContext(connection) as queries:
        response = auditor.get(queue_url())
    assert response.status_code == 200
    page = text(response)
    n_rules = active.values("rule").distinct().count()
    assert f"all: {active.count()}" in page
    violations = active.filter(severity="violation").count()
    assert f"violation</span>: {violations}" in page
    assert f"{escape(str(screened))}</a>: {active.filter(fund=screened).count()}" in page
    load_rules()
    with translation.override("en"):
        assert escape(str(RULES[RULE].title)) in page
    # every active open finding is a row, worst first
    codes = [
        code.replace("<wbr>", "")
        for code in re.findall(r'<code class="rule-code">([A-Z_<wbr>]+)</code>', page)
    ]
    assert sorted(codes) == sorted(active.values_list("rule", flat=True))
    severities = re.findall(r'findings-severity--(\w+)">', rows_html(page))
    order = [engine.SEVERITY_ORDER[s] for s in severities]
    assert order == sorted(order)
    assert n_rules >= 1
    few = len(queries)
    # rows are not fetched one by one: more findings, the same number of queries
    extra = Finding.objects.filter(pk=active.first().pk).values()[0]  # type: ignore[union-attr]
    for n in range(5):
        Finding.objects.create(**{**extra, "id": None, "key": f"extra-{n}"})
    with CaptureQueriesContext(connection) as queries:
        assert auditor.get(queue_url()).status_code == 200
    assert len(queries) == few


def test_the_queue_filters_by_review_severity_and_fund(auditor: Client, finding: Finding) -> None:
    Finding.objects.filter(pk=finding.pk).update(review="confirmed")
    page = text(auditor.get(queue_url()))
    assert f'href="/en/staff/findings/jk-2026/{finding.pk}/"' not in page
    page = text(auditor.get(queue_url() + "?review=confirmed"))
    assert f'href="/en/staff/findings/jk-2026/{finding.pk}/"' in page
    assert page.count("findings-severity--") - 3 == 1  # three in the counts, one row
    page = text(auditor.get(queue_url() + "?review=all&severity=warning"))
    assert 'findings-severity--warning">' in rows_html(page)
    assert 'findings-severity--violation">' not in rows_html(page)
    page = text(auditor.get(queue_url() + "?review=all&fund=no-such-fund"))
    assert "<tbody>" in page  # an unknown fund shows them all
    other = finding.election.funds.exclude(pk=finding.fund_id).first()
    if other is not None:
        page = text(auditor.get(queue_url() + f"?review=all&fund={other.code}"))
        assert f'href="/en/staff/findings/jk-2026/{finding.pk}/"' not in page
    page = text(auditor.get(queue_url() + f"?review=all&fund={finding.fund.code}&severity="))
    assert f'href="/en/staff/findings/jk-2026/{finding.pk}/"' in page


def test_an_inactive_finding_is_not_in_the_queue(auditor: Client, finding: Finding) -> None:
    Finding.objects.filter(pk=finding.pk).update(active=False)
    page = text(auditor.get(queue_url() + "?review=all"))
    assert f'href="/en/staff/findings/jk-2026/{finding.pk}/"' not in page


def test_an_unknown_election_is_404(auditor: Client, election) -> None:  # type: ignore[no-untyped-def]
    assert auditor.get("/en/staff/findings/no-such/").status_code == 404


def test_the_overview_links_the_queue(auditor: Client, election) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/en/staff/findings/jk-2026/"' in text(auditor.get("/en/staff/"))


# One finding -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ky"])
def test_the_finding_is_explained_in_the_page_language(
    auditor: Client, finding: Finding, lang: str
) -> None:
    response = auditor.get(detail_url(finding, lang))
    assert response.status_code == 200
    page = text(response)
    data = engine.as_data(
        finding.rule, finding.severity, finding.fund.code, finding.source, finding.line,
        finding.amount, finding.evidence,
    )  # fmt: skip
    assert escape(data["explanation"][lang]) in page
    other = "ky" if lang == "en" else "en"
    if data["explanation"][other] != data["explanation"][lang]:  # not yet in every catalogue
        assert escape(data["explanation"][other]) not in page
    titles = RULES[RULE].titles()
    assert titles["ky"] != titles["en"]
    assert escape(titles[lang]) in page
    assert escape(titles[other]) not in page
    with translation.override(lang):
        assert escape(article_text(RULES[RULE].article)) in page
    for value in finding.evidence.values():
        if isinstance(value, str) and value:
            assert escape(value) in page


def test_a_finding_of_another_election_is_404(auditor: Client, finding: Finding) -> None:
    assert auditor.get(f"/en/staff/findings/other/{finding.pk}/").status_code == 404


def test_chains_and_lists_are_shown_hop_by_hop(auditor: Client, finding: Finding) -> None:
    evidence = {
        "foreign_share": "51",
        "chains": [
            {
                "chain": [{"inn": "01203200510123", "share": "60"}],
                "founder": {"kind": "entity", "id": "X-1", "name": "Foreign Ltd",
                            "country": "KAZ", "share": "85"},
                "effective_share": "51",
            }
        ],
        "dates": ["2025-10-01", "2025-10-02"],
        "register": {"name": "Someone"},
    }  # fmt: skip
    Finding.objects.filter(pk=finding.pk).update(evidence=evidence)
    page = text(auditor.get(detail_url(finding)))
    assert "01203200510123 (60%)" in page
    assert "Foreign Ltd (X-1, KAZ): 85%" in page
    assert "effective share 51%" in page
    assert "2025-10-02" in page and "Someone" in page


def test_a_review_without_a_reason_is_refused_and_changes_nothing(
    auditor: Client, finding: Finding
) -> None:
    response = auditor.post(
        detail_url(finding), {"action": "review", "review": "confirmed", "reason": "  "}
    )
    assert response.status_code == 400
    assert "Give the reason for the decision." in text(response)
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.review, stored.reviewed_by, stored.reviewed_at) == ("open", "", None)
    assert not AuditEvent.objects.filter(action="finding.reviewed").exists()


def test_a_review_is_stored_logged_and_survives_a_rerun(auditor: Client, finding: Finding) -> None:
    reason = "The donor is not in the register; the party must return the money."
    response = auditor.post(
        detail_url(finding), {"action": "review", "review": "confirmed", "reason": reason}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(finding)
    page = text(auditor.get(response["Location"]))
    assert "The review is recorded." in page
    stored = Finding.objects.get(pk=finding.pk)
    assert stored.review == "confirmed"
    assert stored.reviewed_by == "auditor"
    assert stored.review_reason == reason
    assert stored.reviewed_at is not None
    event = AuditEvent.objects.get(action="finding.reviewed")
    assert event.actor == "auditor"
    assert event.object_id == finding.key
    count = Finding.objects.count()
    engine.screen(finding.election, trigger="test")
    assert Finding.objects.count() == count
    again = Finding.objects.get(pk=finding.pk)
    assert again.active
    assert (again.review, again.review_reason, again.reviewed_by) == (
        "confirmed",
        reason,
        "auditor",
    )
    assert Finding.objects.filter(key=finding.key).count() == 1


def test_an_unknown_review_state_is_refused(auditor: Client, finding: Finding) -> None:
    response = auditor.post(
        detail_url(finding), {"action": "review", "review": "forgotten", "reason": "x"}
    )
    assert response.status_code == 400
    assert Finding.objects.get(pk=finding.pk).review == "open"


def test_the_response_stores_the_refund(auditor: Client, finding: Finding) -> None:
    response = auditor.post(
        detail_url(finding),
        {"action": "response", "response": "Returned to the donor.",
         "refunded_amount": "1000.50", "refunded_on": "2025-11-03"},
    )  # fmt: skip
    assert response.status_code == 302
    stored = Finding.objects.get(pk=finding.pk)
    assert stored.party_response == "Returned to the donor."
    assert stored.refunded_amount == Decimal("1000.50")
    assert stored.refunded_on == dt.date(2025, 11, 3)
    assert AuditEvent.objects.filter(action="finding.response").count() == 1
    assert "Returned to the donor." in text(auditor.get(detail_url(finding)))


def test_a_refund_without_its_date_is_refused(auditor: Client, finding: Finding) -> None:
    response = auditor.post(
        detail_url(finding),
        {"action": "response", "response": "Returned.", "refunded_amount": "10"},
    )
    assert response.status_code == 400
    assert "give both the amount refunded and the date, or neither" in text(response)
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.party_response, stored.refunded_amount) == ("", None)


# The filer's draft -----------------------------------------------------------------------


@pytest.fixture
def filer(client: Client, fund) -> Client:  # type: ignore[no-untyped-def]
    user: User = make_user("treasurer", Role.FILER, fund=fund)
    draft = draft_open(fund, "interim", *money.PERIOD, user)
    draft_replace(draft, money.REPORT)
    sign_in(client, user)
    return client


def test_the_draft_check_lists_the_findings_of_its_rows(filer: Client, fund) -> None:  # type: ignore[no-untyped-def]
    url = f"/en/filing/jk-2026/{fund.code}/interim/draft/"
    assert "What the commission" not in text(filer.get(url))
    response = filer.get(url + "?check=1")
    assert response.status_code == 200
    page = text(response)
    assert 'id="findings-heading">What the commission\'s checks find' in page
    draft = fund.reports.get(kind="interim").versions.get(state="draft")
    found = engine.screen_draft(draft)
    assert any(item["rule"] == RULE for item in found)
    load_rules()
    for item in found:
        assert escape(item["explanation"]["en"]) in page
        assert escape(RULES[item["rule"]].titles()["en"]) in page
    assert not Finding.objects.exists()  # a draft's findings are stored nowhere
    ky = text(filer.get(f"/ky/filing/jk-2026/{fund.code}/interim/draft/?check=1"))
    assert escape(found[0]["explanation"]["ky"]) in ky
