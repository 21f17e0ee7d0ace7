"""The public findings API: confirmed findings only, with no evidence and no PIN."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from talapker.banking.tests import money
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.compliance.services import finding_review
from talapker.filings.services import report_file

pytestmark = pytest.mark.django_db
URL = "/api/v1/elections/jk-2026/findings"


@pytest.fixture
def screened(fund):  # type: ignore[no-untyped-def]
    report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="t")
    screen(fund.election, trigger="test")
    return Finding.objects.public().filter(fund=fund).order_by("pk")  # the money's


def test_a_candidates_finding_is_never_in_the_public_register(screened) -> None:
    """The lists' findings reach the public as decisions on candidates, never as findings."""
    unknown = Finding.objects.filter(rule="CANDIDATE_PIN_UNKNOWN").order_by("pk").first()
    assert unknown is not None
    finding_review(unknown, "confirmed", "checked", actor="auditor")
    body = APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["results"] == []
    assert Client().get("/en/elections/jk-2026/findings/").content.decode().count("CANDIDATE_") == 0


def test_only_confirmed_findings_are_published(screened) -> None:
    first, second = screened[0], screened[1]
    finding_review(first, "confirmed", "checked", actor="auditor")
    finding_review(second, "dismissed", "explained by the party", actor="auditor")
    body = APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert [f["rule"] for f in body["results"]] == [first.rule]
    published = body["results"][0]
    assert set(published["explanation"]) == {"ky", "ru", "en"}
    assert "evidence" not in published
    assert body["open_by_fund"]["ata-jurt"] == screened.count() - 2


def test_nothing_personal_is_published(screened) -> None:
    for finding in screened:
        finding_review(finding, "confirmed", "checked", actor="auditor")
    text = APIClient().get(URL + "?page_size=1000").content.decode()
    pins = {c.donor_id for c in money.CONTRIBUTIONS if c.donor_id}
    assert not any(pin in text for pin in pins)
    response = APIClient().get(URL + "?format=csv")
    csv = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert csv.count("\n") == screened.count() + 1
    assert not any(pin in csv for pin in pins)


def test_a_confirmed_finding_no_longer_found_stays_listed_and_is_filtered_by_that(
    screened,
) -> None:
    first, second = screened[0], screened[1]
    for finding in (first, second):
        finding_review(finding, "confirmed", "checked", actor="auditor")
    Finding.objects.filter(pk=second.pk).update(active=False)  # as a rerun after a correction
    body = APIClient().get(URL).json()
    assert {(f["rule"], f["still_found"]) for f in body["results"]} == {
        (first.rule, True),
        (second.rule, False),
    }
    still = APIClient().get(URL, {"still_found": "true"}).json()["results"]
    assert [f["rule"] for f in still] == [first.rule]


def test_a_candidates_fund_is_named_by_its_public_id(screened, election) -> None:
    from talapker.core.pseudonyms import fund_public_code
    from talapker.funds.models import Fund

    pin = "21503198500123"
    candidate = Fund.objects.create(election=election, code=pin)
    finding = screened[0]
    Finding.objects.filter(pk=finding.pk).update(fund=candidate)
    finding.refresh_from_db()
    finding_review(finding, "confirmed", "checked", actor="auditor")
    public = fund_public_code(pin, None)
    response = APIClient().get(URL)
    assert [f["fund"] for f in response.json()["results"]] == [public]
    assert pin not in response.content.decode()
    assert APIClient().get(URL, {"fund": public}).json()["results"][0]["fund"] == public
    assert APIClient().get(URL, {"fund": "candidate-x"}).json()["results"] == []
