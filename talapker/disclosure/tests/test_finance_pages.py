"""The money pages: a fund's finances, its transactions, the election's money and search.

The figures come from the totals kept at filing time (filings.VersionTotals); these tests
file real reports, import the recorded bank samples, screen, and read the pages as the
public does, in every language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from talapker.banking.services import statement_import
from talapker.banking.tests import money as samples
from talapker.banking.tests.scenario import SAMPLES as BANK_SAMPLES
from talapker.compliance.engine import screen
from talapker.disclosure.money import Gauge
from talapker.filings.formats.model import Contribution, Expenditure, ReportData
from talapker.filings.models import VersionTotals
from talapker.filings.services import report_file
from talapker.filings.totals import BANDS_CI
from talapker.registers.models import Person

pytestmark = pytest.mark.django_db

ELECTION, PARTY = "jk-2026", "ata-jurt"
D = dt.date.fromisoformat


def url(name: str, language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(f"disclosure:{name}", kwargs={"election": ELECTION, **kwargs})


def gift(line: int, pin: str, name: str, amount: str, kind: str = "individual") -> Contribution:
    return Contribution(line, D("2026-10-10"), kind, pin, name, Decimal(amount), "bank", "", "")


def spend(line: int, category: str, amount: str, description: str = "") -> Expenditure:
    return Expenditure(
        line, D("2026-10-12"), category, "ОсОО Принт", "", Decimal(amount), "bank", "", description
    )


def file(fund, kind: str, gifts, spends=()):  # type: ignore[no-untyped-def]
    election = fund.election
    period = (
        samples.PERIOD if kind == "interim" else (election.campaign_start, election.election_day)
    )
    return report_file(
        fund, kind, *period, ReportData(tuple(gifts), tuple(spends)), channel="cli", actor="t"
    )


def text(client, address: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


class TestTotalsKeptAtFiling:
    def test_the_sums_are_exact_and_every_donor_counts_once(self, fund):
        version = file(fund, "interim", samples.CONTRIBUTIONS, samples.EXPENDITURES).version
        totals = VersionTotals.objects.get(version=version)
        raised = sum(c.amount for c in samples.CONTRIBUTIONS)
        spent = sum(e.amount for e in samples.EXPENDITURES)
        assert Decimal(totals.raised_cents) / 100 == raised
        assert Decimal(totals.spent_cents) / 100 == spent
        assert totals.contributions == len(samples.CONTRIBUTIONS)
        assert totals.donors == len({(c.donor_kind, c.donor_id) for c in samples.CONTRIBUTIONS})
        legal = sum(c.amount for c in samples.CONTRIBUTIONS if c.donor_kind == "legal_entity")
        assert Decimal(totals.legal_entity_cents) / 100 == legal
        assert len(totals.bands) == len(BANDS_CI) + 1
        assert sum(donors for donors, _cents in totals.bands) == totals.donors
        assert sum(cents for _donors, cents in totals.bands) == totals.raised_cents
        assert sum(totals.categories.values()) == totals.spent_cents
        assert sum(day[1] for day in totals.days) == totals.raised_cents
        assert sum(day[2] for day in totals.days) == totals.spent_cents
        assert [day[0] for day in totals.days] == sorted(day[0] for day in totals.days)

    def test_a_donors_gifts_add_up_before_the_band(self, fund):
        # Two gifts of 600 som: 1,200 in all, past the first band (10 indices = 1,000 som).
        gifts = [gift(1, "21503198500123", "А", "600.00"), gift(2, "21503198500123", "А", "600.00")]
        version = file(fund, "interim", gifts).version
        totals = VersionTotals.objects.get(version=version)
        assert totals.bands[0] == [0, 0]
        assert totals.bands[1] == [1, 120000]


class TestAmendmentsAreNotCountedTwice:
    def test_a_correction_replaces_the_figures_it_corrects(self, client, fund):
        file(fund, "interim", [gift(1, "21503198500123", "Асанов Бакыт", "5000.00")])
        file(fund, "interim", [gift(1, "21503198500123", "Асанов Бакыт", "7000.00")])
        html = text(client, url("fund-finance", party=PARTY))
        assert "7,000.00" in html
        assert "12,000.00" not in html
        assert "counted" in html and "corrected" in html

    def test_the_final_report_speaks_for_the_whole_campaign(self, client, fund):
        file(fund, "interim", [gift(1, "21503198500123", "Асанов Бакыт", "5000.00")])
        file(fund, "final", [gift(1, "21503198500123", "Асанов Бакыт", "5000.00"),
                             gift(2, "21503198500124", "Smith John", "2500.00")])  # fmt: skip
        html = text(client, url("election"))
        assert "7,500.00" in html
        assert "12,500.00" not in html


@pytest.mark.parametrize(
    ("value", "state"),
    [("79.99", "ok"), ("80.00", "near"), ("100.00", "near"), ("100.01", "over")],
)
def test_a_gauge_turns_near_at_80_percent_and_over_past_the_cap(value: str, state: str) -> None:
    assert Gauge(Decimal(value), Decimal("100.00")).state == state


def test_a_gauge_without_a_cap_has_no_share() -> None:
    assert Gauge(Decimal("5.00"), Decimal("0")).share is None


@pytest.fixture
def story(fund):  # type: ignore[no-untyped-def]
    """A filed interim report (the recorded samples), its bank statement, a screening."""
    file(fund, "interim", samples.CONTRIBUTIONS, samples.EXPENDITURES)
    statement_import(
        "statement.csv", (BANK_SAMPLES / "statement.csv").read_bytes(), actor="b", channel="api"
    )
    screen(fund.election, trigger="test")
    return fund


class TestPages:
    PAGES = (
        ("election", {}),
        ("finance", {}),
        ("party", {"party": PARTY}),
        ("fund-finance", {"party": PARTY}),
        ("contributions", {"party": PARTY}),
        ("expenditures", {"party": PARTY}),
        ("contribution", {"party": PARTY, "line": 1}),
        ("expenditure", {"party": PARTY, "line": 1}),
    )

    @pytest.mark.parametrize("language", ["ky", "ru", "en"])
    def test_every_money_page_shows_what_was_filed(self, client, story, language):
        raised = sum(c.amount for c in samples.CONTRIBUTIONS)
        with translation.override(language):
            from talapker.core.money import money_text

            shown = money_text(raised)
        for name, kwargs in self.PAGES:
            html = text(client, url(name, language, **kwargs))
            if name in ("election", "finance", "party", "fund-finance"):
                assert shown in html, (name, shown)

    def test_the_fund_page_says_where_its_figures_come_from(self, client, story):
        html = text(client, url("fund-finance", party=PARTY))
        assert "From the interim report, version 1" in html
        assert "Bank statements reach" in html
        assert "no filed report declares" in html  # the sample's undeclared lines

    def test_every_donor_leads_to_all_their_gifts(self, client, story):
        from talapker.disclosure.donors import ref_for

        donor = f"/elections/{ELECTION}/donors/{ref_for(samples.CONTRIBUTIONS[0].donor_id)}/"
        assert donor in text(client, url("fund-finance", party=PARTY))  # the top donors
        assert donor in text(client, url("contributions", party=PARTY))
        assert donor in text(client, url("contribution", party=PARTY, line=1))
        assert samples.CONTRIBUTIONS[0].donor_name in text(client, "/en" + donor)

    def test_a_transaction_shows_its_report_line_and_bank_line(self, client, story):
        html = text(client, url("contribution", party=PARTY, line=1))
        assert "version 1, line 1" in html
        assert "KG25100100001" in html  # the bank's reference of the matched line
        assert "Bank: in the statement; report: declared; document: no signed scan" in html
        assert "differs" in html  # no signed scan: the three sources do not all agree

    def test_no_public_money_page_shows_a_persons_pin(self, client, story):
        pins = {c.donor_id for c in samples.CONTRIBUTIONS if c.donor_kind == "individual"}
        pins |= set(Person.objects.values_list("pin", flat=True))
        addresses = [url(name, **kwargs) for name, kwargs in self.PAGES]
        addresses += [url("contribution", party=PARTY, line=c.line) for c in samples.CONTRIBUTIONS]
        for address in addresses:
            html = text(client, address)
            leaked = [pin for pin in pins if pin in html]
            assert not leaked, (address, leaked)

    def test_unknown_things_are_404(self, client, story):
        for address in (
            url("fund-finance", party="no-such-party"),
            url("contribution", party=PARTY, line=999),
            url("expenditure", party=PARTY, line=999),
            reverse("disclosure:finance", kwargs={"election": "no-such-election"}),
        ):
            assert client.get(address).status_code == 404, address

    def test_a_party_without_a_report_says_so(self, client, election):
        html = text(client, url("fund-finance", party=PARTY))
        assert "No finance report has been filed for this fund yet." in html
        assert client.get(url("contribution", party=PARTY, line=1)).status_code == 404

    def test_free_text_never_shows_a_long_number(self, client, fund):
        file(
            fund,
            "interim",
            [gift(1, "21503198500123", "Асанов Бакыт", "100.00")],
            [spend(1, "print", "50.00", "Договор с 21503198500123 от 1 октября")],
        )
        html = text(client, url("expenditure", party=PARTY, line=1))
        assert "21503198500123" not in html
        assert "Договор с" in html


class TestVersionPage:
    def test_a_correction_shows_what_it_changed_without_the_pins(self, client, fund):
        file(fund, "interim", [gift(1, "21503198500123", "Асанов Бакыт", "5000.00"),
                               gift(2, "21503198500124", "Бакиев Нурлан", "50.00")])  # fmt: skip
        file(fund, "interim", [gift(1, "21503198500125", "Асанов Бакыт", "7000.00")])
        html = text(client, url("version", party=PARTY, kind="interim", number=2))
        assert "5000.00" in html and "7000.00" in html  # the amount, before and after
        assert "removed" in html and "Бакиев Нурлан" in html  # line 2 went
        assert not re.search(r"2150319850012\d", html)  # the PIN changed too: never shown
        first = text(client, url("version", party=PARTY, kind="interim", number=1))
        assert "Corrected by" in first

    def test_unknown_versions_are_404(self, client, fund):
        file(fund, "interim", [gift(1, "21503198500123", "Асанов Бакыт", "5000.00")])
        for kind, number in (("interim", 2), ("final", 1), ("nonsense", 1)):
            address = url("version", party=PARTY, kind=kind, number=number)
            assert client.get(address).status_code == 404, address


class TestSearch:
    @pytest.fixture
    def two_funds(self, election):  # type: ignore[no-untyped-def]
        first, second = election.funds.order_by("code")[:2]
        file(first, "interim", [gift(1, "21503198500123", "Асанов Бакыт", "1000.00"),
                                gift(2, "21503198500124", "Бакиев Нурлан", "50.00")])  # fmt: skip
        file(second, "interim", [gift(1, "21503198500123", "ASANOV Bakyt", "2000.00")])
        return first, second

    def search(self, client, **query: str) -> str:  # type: ignore[no-untyped-def]
        return text(client, url("finance") + "?" + "&".join(f"{k}={v}" for k, v in query.items()))

    @pytest.mark.parametrize("name", ["асанов", "АСАНОВ", "Asanov", "bakyt+asanov"])
    def test_one_name_in_any_script_case_and_order_finds_both_funds(self, client, two_funds, name):
        html = self.search(client, name=name)
        assert "2 contributions found" in html
        assert "Асанов Бакыт" in html and "ASANOV Bakyt" in html
        assert "Бакиев" not in html

    def test_what_a_search_found_downloads_as_csv_and_xlsx_through_the_api(self, client, two_funds):
        first, _second = two_funds
        page = url("contributions", party=first.party.code)
        html = client.get(page, {"name": "асанов", "order": "-amount", "page": "1"}).content
        links = re.findall(r'href="(/api/v1/elections/[^"]+)"', html.decode())
        assert len(links) == 2 and all("order=" not in link for link in links)
        csv_link, xlsx_link = (link.replace("&amp;", "&") for link in links)
        assert "format=csv" in csv_link and "format=xlsx" in xlsx_link
        assert f"fund={first.party.code}" in csv_link
        body = b"".join(client.get(csv_link).streaming_content).decode()
        assert [row["donor_name"] for row in csv.DictReader(io.StringIO(body))] == ["Асанов Бакыт"]
        xlsx = client.get(xlsx_link)
        assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")

    def test_amount_range_and_order(self, client, two_funds):
        html = self.search(client, amount_min="100", amount_max="1500")
        assert "1 contribution found" in html and "Асанов Бакыт" in html
        html = self.search(client, amount_min="1", order="-amount")
        assert html.index("ASANOV Bakyt") < html.index("Асанов Бакыт") < html.index("Бакиев")

    def test_a_bad_filter_is_told_not_a_500(self, client, two_funds):
        html = self.search(client, amount_min="abc", date_from="yesterday")
        assert "Enter a number." in html and "Enter a valid date." in html

    def test_the_search_finds_a_name_in_the_signed_scans_with_its_page(self, client, fund):
        from talapker.filings.scantext import scan_text_extract
        from talapker.filings.tests.scan_pdfs import scan, text_pdf

        pdf = text_pdf(["Отчёт"], ["Салым кошуучу: Асанов Бакыт, 21503198500123"])
        filed = report_file(
            fund, "interim", *samples.PERIOD,
            ReportData((gift(1, "21503198500123", "Бакиев Нурлан", "10.00"),), ()),
            channel="cli", actor="t", scan=scan(pdf),
        )  # fmt: skip
        scan_text_extract(filed.version)
        html = self.search(client, name="asanov")
        assert "No contribution matches the search." in html
        assert "#page-2" in html and "<mark>Асанов</mark>" in html
        assert "21503198500123" not in html

    def test_the_election_downloads_as_csv_without_pins_or_formulas(self, client, two_funds):
        first, _second = two_funds
        file(first, "final", [gift(1, "21503198500123", '=HYPERLINK("x")', "10.00")])
        response = client.get(url("finance-csv"))
        assert response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content).decode()
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0][:3] == ["party", "fund", "report"]
        assert len(rows) == 1 + 2  # the first fund's final report stands for it: one row
        assert '\'=HYPERLINK("x")' in [row[6] for row in rows]
        assert "21503198500123" not in body
        found = client.get(url("finance-csv") + "?name=asanov")
        assert len(b"".join(found.streaming_content).decode().splitlines()) == 1 + 1
        assert client.get(url("finance-csv") + "?amount_min=abc").status_code == 400

    def test_pages_keep_the_search(self, client, fund):
        gifts = [gift(n, f"215031985{n:05d}", f"Асанов {n}", "10.00") for n in range(1, 121)]
        file(fund, "interim", gifts)
        html = self.search(client, name="асанов")
        assert "120 contributions found" in html
        links = re.findall(r'href="\?([^"]*page=2[^"]*)"', html)
        assert links and all("name=" in link for link in links)
        second = text(client, url("contributions", party=PARTY) + "?name=асанов&page=3")
        assert "Page 3 of 3" in second


class TestQueries:
    @pytest.mark.parametrize("rows", [3, 150])
    def test_the_money_pages_cost_the_same_whatever_the_rows(
        self, client, fund, rows, django_assert_max_num_queries
    ):
        gifts = [gift(n, f"215031985{n:05d}", f"Донор {n}", "10.00") for n in range(1, rows + 1)]
        file(fund, "interim", gifts, [spend(n, "print", "1.00") for n in range(1, rows + 1)])
        for name, kwargs, limit in (
            ("election", {}, 6),
            ("finance", {}, 5),
            ("party", {"party": PARTY}, 7),
            ("fund-finance", {"party": PARTY}, 24),  # + 1: its political ads, + 1: own money
            ("contributions", {"party": PARTY}, 11),
            ("contribution", {"party": PARTY, "line": 1}, 8),
        ):
            # + 1: the data version of the page's ETag (core/http/version.py)
            with django_assert_max_num_queries(limit + 1):
                text(client, url(name, **kwargs))
