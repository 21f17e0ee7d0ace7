"""The change feed, `GET elections/{e}/changes`: what a journalist polling the election reads.

The story files real reports (a first version and its correction), imports the recorded
bank statement and confirms a finding, each at a known moment, then reads the API as the
public does: oldest first, from a moment on, by fund and kind, page by page and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talapker.banking.models import Statement
from talapker.banking.services import statement_import
from talapker.banking.tests import money
from talapker.banking.tests.scenario import ACCOUNT
from talapker.banking.tests.scenario import SAMPLES as BANK_SAMPLES
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.compliance.services import finding_review
from talapker.core.pseudonyms import ref_for
from talapker.disclosure import changes
from talapker.filings.formats.model import ReportData
from talapker.filings.services import report_file
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db

BISHKEK = ZoneInfo("Asia/Bishkek")
URL = "/api/v1/elections/jk-2026/changes"
CANDIDATE_PIN = "21503198500199"  # a candidate's own fund is coded by the candidate's PIN


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 10, day, hour, minute, tzinfo=BISHKEK)


def file(fund: Fund, when: dt.datetime, data: ReportData = money.REPORT) -> Any:
    return report_file(
        fund, "interim", *money.PERIOD, data, channel="api", actor="t", now=when
    ).version


@pytest.fixture
def story(fund: Fund) -> dict[str, Any]:
    return build_story(fund)


def build_story(fund: Fund) -> dict[str, Any]:
    """Ata-Jurt files on the 5th and corrects on the 8th; its bank's statement comes on the
    7th at noon, the very moment Ishenim files; an auditor confirms a finding on the 9th; a
    candidate's own fund files on the 10th."""
    election = fund.election
    first = file(fund, at(5, 10))
    ishenim = file(election.funds.get(code="ishenim"), at(7, 12))
    statement_import(
        "statement.csv", (BANK_SAMPLES / "statement.csv").read_bytes(), actor="b", channel="api"
    )
    Statement.objects.update(received_at=at(7, 12))
    correction = file(fund, at(8, 9))
    screen(election, fund, trigger="test")
    finding = Finding.objects.filter(fund=fund).order_by("pk").first()
    assert finding is not None
    finding_review(finding, "confirmed", "checked", actor="auditor1")
    Finding.objects.filter(pk=finding.pk).update(reviewed_at=at(9, 15))
    candidate = Fund.objects.create(election=election, code=CANDIDATE_PIN)
    own = file(candidate, at(10, 8))
    return {
        "first": first,
        "ishenim": ishenim,
        "statement": Statement.objects.get(),
        "correction": correction,
        "finding": finding,
        "own": own,
    }


def results(client: Client, **query: Any) -> list[dict[str, Any]]:
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def keys(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(item["kind"], item["id"]) for item in items]


class TestWhatChanged:
    def test_every_change_oldest_first_and_one_moment_by_kind(self, client, story):
        items = results(client)
        assert keys(items) == [
            ("filing", story["first"].pk),
            ("filing", story["ishenim"].pk),  # noon on the 7th, a filing before a statement
            ("statement", story["statement"].pk),
            ("filing", story["correction"].pk),
            ("finding", story["finding"].pk),
            ("filing", story["own"].pk),
        ]
        assert [dt.datetime.fromisoformat(i["at"]) for i in items] == [
            at(5, 10), at(7, 12), at(7, 12), at(8, 9), at(9, 15), at(10, 8)
        ]  # fmt: skip

    def test_a_filing_says_which_report_version_and_what_it_corrects(self, client, story):
        first, _ishenim, _statement, correction, *_ = results(client)
        assert first["fund"] == "ata-jurt" and first["report"] == "interim"
        assert (first["version"], first["corrects"]) == (1, None)
        assert (correction["version"], correction["corrects"]) == (2, 1)
        assert correction["receipt"] == story["correction"].receipt
        assert correction["party"] == {
            "ky": "Ата-Журт Кыргызстан", "ru": "Ата-Журт Кыргызстан", "en": "Ata-Jurt Kyrgyzstan"
        }  # fmt: skip
        assert correction["url"] == (
            "http://testserver/ky/elections/jk-2026/parties/ata-jurt/finance/reports/interim/2/"
        )
        summary = correction["summary"]
        assert set(summary) == {"ky", "ru", "en"}
        assert summary["en"] == (
            "Ata-Jurt Kyrgyzstan: interim report corrected: version 2 replaces version 1 "
            f"(receipt {story['correction'].receipt})."
        )
        assert summary["ky"] != summary["en"] and summary["ru"] != summary["en"]
        assert "Ата-Журт" in summary["ky"] and "2" in summary["ru"]

    def test_the_url_is_in_the_language_of_the_request(self, client, story):
        [item] = results(client, kind="statement")
        assert item["url"].startswith("http://testserver/ky/")
        response = client.get(URL, {"kind": "statement"}, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.json()["results"][0]["url"].startswith("http://testserver/ru/")

    def test_a_statement_says_how_many_lines_and_nothing_of_the_account(self, client, story):
        [item] = results(client, kind="statement")
        assert item["lines"] == story["statement"].lines > 0
        assert item["fund"] == "ata-jurt"
        assert item["url"].endswith("/parties/ata-jurt/finance/#bank-heading")
        everything = str(results(client)) + self.csv(client)
        assert ACCOUNT not in everything
        assert story["statement"].name not in everything

    def test_a_confirmed_finding_leads_to_the_register(self, client, story):
        [item] = results(client, kind="finding")
        finding = story["finding"]
        assert (item["rule"], item["severity"]) == (finding.rule, finding.severity)
        assert item["url"] == (
            f"http://testserver/ky/elections/jk-2026/findings/?party=ata-jurt&rule={finding.rule}"
            f"#finding-{finding.pk}"
        )
        assert client.get(item["url"]).status_code == 200

    def test_an_open_or_dismissed_finding_is_no_change(self, client, story):
        others = Finding.objects.exclude(pk=story["finding"].pk)
        assert others.exists()
        finding_review(others.first(), "dismissed", "not a breach", actor="auditor1")
        assert keys(results(client, kind="finding")) == [("finding", story["finding"].pk)]

    def test_a_candidates_fund_goes_by_its_public_id_never_by_its_pin(self, client, story):
        own = results(client)[-1]
        assert own["fund"] == f"candidate-{ref_for(CANDIDATE_PIN)}" and own["party"] is None
        assert keys(results(client, fund=own["fund"])) == [("filing", story["own"].pk)]
        assert own["url"] == "http://testserver/ky/elections/jk-2026/finance/"
        assert "A candidate's own fund" in own["summary"]["en"]
        assert CANDIDATE_PIN not in str(results(client)) + self.csv(client)

    def csv(self, client: Client, **query: Any) -> str:
        response = client.get(URL, {"format": "csv", **query})
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode()

    def test_csv_has_every_change_with_the_jsons_fields(self, client, story):
        rows = list(csv.DictReader(io.StringIO(self.csv(client))))
        assert [(r["kind"], int(r["id"])) for r in rows] == keys(results(client))
        assert rows[3]["summary.en"].startswith("Ata-Jurt Kyrgyzstan: interim report corrected")
        assert rows[3]["corrects"] == "1" and rows[0]["corrects"] == ""
        filtered = list(csv.DictReader(io.StringIO(self.csv(client, kind="finding"))))
        assert [r["kind"] for r in filtered] == ["finding"]


class TestSince:
    @pytest.mark.parametrize(
        "since",
        [
            "2026-10-08T09:00:00+06:00",  # the very moment of the correction: inclusive
            "2026-10-08T03:00:00Z",
            "2026-10-08T09:00:00 06:00",  # a `+` left unencoded arrives as a space
        ],
    )
    def test_from_a_moment_on_inclusive(self, client, story, since):
        assert keys(results(client, since=since)) == [
            ("filing", story["correction"].pk),
            ("finding", story["finding"].pk),
            ("filing", story["own"].pk),
        ]

    def test_a_date_is_that_day_from_midnight_in_bishkek(self, client, story):
        assert len(results(client, since="2026-10-07")) == 5
        assert len(results(client, since="2026-10-08")) == 3

    def test_without_since_every_change_from_the_first(self, client, story):
        assert len(results(client)) == len(results(client, since="2000-01-01")) == 6

    @pytest.mark.parametrize(
        ("language", "words"),
        [("ky", "убакыт алкагын"), ("ru", "часовой пояс"), ("en", "time zone")],
    )
    def test_a_time_without_its_zone_is_refused_in_the_readers_language(
        self, client, story, language, words
    ):
        response = client.get(URL, {"since": "2026-10-08T09:00"}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        [message] = response.json()["since"]
        assert "since" in message and words in message

    @pytest.mark.parametrize(
        "since", ["yesterday", "2026-13-01", "2026-02-30", "2026-10-08T25:00Z", "1e9", "'; --"]
    )
    def test_a_malformed_since_is_400_naming_the_parameter(self, client, story, since):
        for language in ("ky", "ru", "en"):
            response = client.get(URL, {"since": since}, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 400, since
            assert list(response.json()) == ["since"]
            assert "«since»" in response.json()["since"][0]
        english = client.get(URL, {"since": since}, HTTP_ACCEPT_LANGUAGE="en").json()["since"][0]
        kyrgyz = client.get(URL, {"since": since}).json()["since"][0]
        assert english != kyrgyz

    def test_a_malformed_since_is_400_in_csv_too(self, client, story):
        response = client.get(URL, {"since": "soon", "format": "csv"})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")


class TestFilters:
    def test_one_funds_changes(self, client, story):
        items = results(client, fund="ishenim")
        assert keys(items) == [("filing", story["ishenim"].pk)]
        assert len(results(client, fund="ata-jurt")) == 4
        assert results(client, fund="no-such-party") == []

    def test_some_kinds(self, client, story):
        assert {i["kind"] for i in results(client, kind="filing")} == {"filing"}
        both = results(client, kind=["statement", "finding"])
        assert keys(both) == keys(results(client, kind="statement,finding"))
        assert [i["kind"] for i in both] == ["statement", "finding"]

    def test_an_unknown_parameter_is_400_naming_it(self, client, story):
        response = client.get(URL, {"sinse": "2026-10-01"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "since" in response.json()["sinse"][0]

    def test_an_unknown_kind_is_400_naming_the_parameter(self, client, story):
        response = client.get(URL, {"kind": "donation"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert "donation" in response.json()["kind"][0]

    def test_an_unknown_election_is_404(self, client, story):
        response = client.get("/api/v1/elections/nope/changes")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


class TestPaging:
    def walk(self, client: Client, url: str) -> list[tuple[str, int]]:
        seen: list[tuple[str, int]] = []
        while url:
            body = client.get(url).json()
            seen += keys(body["results"])
            url = body["next"]
        return seen

    def test_pages_of_one_neither_skip_nor_repeat_ties(self, client, story):
        assert self.walk(client, f"{URL}?page_size=1") == keys(results(client))

    def test_a_change_made_while_paging_is_read_at_the_end(self, client, story, fund):
        first = client.get(URL, {"page_size": 2}).json()
        late = file(fund, at(11, 9))
        rest = self.walk(client, first["next"])
        assert keys(first["results"]) + rest == keys(results(client))
        assert rest[-1] == ("filing", late.pk)

    def test_previous_pages_back(self, client, story):
        first = client.get(URL, {"page_size": 2}).json()
        second = client.get(first["next"]).json()
        back = client.get(second["previous"]).json()
        assert keys(back["results"]) == keys(first["results"])

    def test_a_page_costs_the_same_queries_whatever_the_rows(self, client, story):
        def count(**query: Any) -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(URL, query).status_code == 200
            return len(queries)

        few = count(page_size=1)
        assert few == count(page_size=100) <= 4  # the election, the page (+ the session's)


def test_each_branch_reads_a_range_of_its_time_index(story) -> None:
    """The filters go into every branch, before the union: `since` and the cursor's
    position are ranges of the indexed time columns."""
    union = changes.changes(story["first"].report.fund.election, changes.Criteria(since=at(8, 0)))
    page = union.order_by(*changes.ORDERING).filter(at__gt=at(8, 0))
    sql = str(page._union(limit=3).query)  # type: ignore[union-attr]
    for column in ("filed_at", "received_at", "reviewed_at"):
        assert sql.count(f'"{column}" >') + sql.count(f'"{column}" >=') >= 1, column
    if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL
        assert sql.count("LIMIT 3") == 3, "each branch reads no more than the page"
