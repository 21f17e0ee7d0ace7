"""Donors told apart without being exposed, and who stands behind a company that gave.

The story: one person gives two funds under a Cyrillic and a Latin spelling of one name; a
company (Алтын) has a Kyrgyz company founder (Күмүш) owned in part by a foreign holding,
and a person founder; two other companies that gave stand under the same foreign holding
and the same person; a fourth company is unrelated; two gifts carry no usable id.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from talapker.compliance.tests.test_rules import entity, founder, gift, person
from talapker.disclosure.donors import donor_refs, ref_for
from talapker.disclosure.models import Donor, FundDonor
from talapker.disclosure.owners import company_owners
from talapker.filings.formats.model import ReportData
from talapker.filings.models import Contribution
from talapker.filings.services import report_file
from talapker.funds.models import Fund
from talapker.registers.models import Founder, Person

pytestmark = pytest.mark.django_db

ELECTION = "jk-2026"
NURLAN = "21503198500123"  # gives two funds, spelled in two scripts
ASANOV = "21212198000011"  # founder of two companies that gave: never on a page
ALTYN, KUMUSH, TEMIR, JIBEK, BASHKA = (
    "01001201010001", "01001201010002", "01001201010005", "01001201010006", "01001201010007",
)  # fmt: skip
HOLDING = "9990001"
PERIOD = ("2026-10-01", "2026-11-28")


def _file(fund: Fund, gifts: list[Any], kind: str = "interim") -> None:
    import datetime as dt

    start, end = (dt.date.fromisoformat(d) for d in PERIOD)
    report_file(fund, kind, start, end, ReportData(tuple(gifts), ()), channel="cli", actor="t")


@pytest.fixture
def story(election) -> dict[str, Fund]:  # type: ignore[no-untyped-def]
    person(NURLAN, "Өмүрбеков", "Нурлан", "1985-03-15")
    person(ASANOV, "Асанов", "Бакыт", "1980-12-21")
    for inn, name in (
        (ALTYN, "ОсОО Алтын"), (KUMUSH, "ОсОО Күмүш"), (TEMIR, "ОсОО Темир"),
        (JIBEK, "ОсОО Жибек"), (BASHKA, "ОсОО Башка"),
    ):  # fmt: skip
        entity(inn, name)
    founder(ALTYN, "entity", KUMUSH, "ОсОО Күмүш", "KGZ", "60")
    founder(ALTYN, "person", ASANOV, "Асанов Бакыт", "KGZ", "40")
    founder(KUMUSH, "entity", HOLDING, "Foreign Holding Ltd", "CYP", "20")
    founder(TEMIR, "entity", HOLDING, "Foreign Holding Ltd", "CYP", "100")
    founder(JIBEK, "person", ASANOV, "Асанов Бакыт", "KGZ", "50")
    founder(BASHKA, "person", "21212198000099", "Бекова Айгүл", "KGZ", "100")
    ata_jurt = election.funds.get(code="ata-jurt")
    ishenim = election.funds.get(code="ishenim")
    _file(ata_jurt, [
        gift(1, NURLAN, "Өмүрбеков Нурлан", "1000.00"),
        gift(2, ALTYN, "ОсОО «Алтын»", "5000.00", "legal_entity"),
        gift(3, TEMIR, "ОсОО Темир", "7000.00", "legal_entity"),
        gift(4, BASHKA, "ОсОО Башка", "100.00", "legal_entity"),
        gift(5, "", "Белгисиз", "50.00", method="cash"),
        gift(6, "123", "Туура эмес", "60.00", method="cash"),
    ])  # fmt: skip
    _file(ishenim, [
        gift(1, NURLAN, "Omurbekov Nurlan", "2500.00"),
        gift(2, JIBEK, "ОсОО Жибек", "3000.00", "legal_entity"),
        gift(3, ALTYN, "Altyn LLC", "500.00", "legal_entity"),
    ])  # fmt: skip
    return {"ata-jurt": ata_jurt, "ishenim": ishenim}


def _page(client: Client, donor_id: str, language: str = "en", **query: str) -> Any:
    with translation.override(language):
        url = reverse("disclosure:donor", kwargs={"election": ELECTION, "ref": ref_for(donor_id)})
    return client.get(url, query)


def _api(client: Client, **query: Any) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/elections/{ELECTION}/donors", query)
    assert response.status_code == 200, response.content
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _by_ref(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["ref"]: row for row in rows}


# One donor across spellings and funds ------------------------------------------------------


def test_one_pin_under_two_spellings_in_two_funds_is_one_donor(client: Client, story) -> None:
    ref = ref_for(NURLAN)
    assert Donor.objects.filter(donor_id=NURLAN).get().ref == ref
    assert FundDonor.objects.filter(donor__ref=ref).count() == 2

    row = _by_ref(_api(client))[ref]
    assert (row["total"], row["contributions"], row["funds"]) == ("3500.00", 2, 2)
    assert row["parties"] == "ata-jurt,ishenim"
    assert row["kind"] == "individual" and row["inn"] is None

    response = _page(client, NURLAN)
    assert response.status_code == 200
    page = response.context["d"]
    assert page.total == Decimal("3500.00") and page.gift_count == 2
    assert page.names == ["Omurbekov Nurlan", "Өмүрбеков Нурлан"]
    text = response.content.decode()
    assert "Omurbekov Nurlan" in text and "Өмүрбеков Нурлан" in text
    assert page.company is None


def test_a_latin_name_finds_the_cyrillic_spellings_and_filters_narrow(
    client: Client, story
) -> None:
    assert [r["ref"] for r in _api(client, name="OMURBEKOV")] == [ref_for(NURLAN)]
    assert [r["ref"] for r in _api(client, name="нурлан өмүрбеков")] == [ref_for(NURLAN)]
    assert [r["ref"] for r in _api(client, name="Altyn")] == [ref_for(ALTYN)]
    assert _api(client, name="!!!") == []
    entities = _by_ref(_api(client, kind="legal_entity"))
    assert set(entities) == {ref_for(i) for i in (ALTYN, TEMIR, BASHKA, JIBEK)}
    assert entities[ref_for(ALTYN)]["inn"] == ALTYN
    assert entities[ref_for(ALTYN)]["total"] == "5500.00"
    big = _api(client, min_total="3000", max_total="5500")
    assert {r["ref"] for r in big} == {ref_for(i) for i in (NURLAN, ALTYN, JIBEK)}


def test_every_donor_once_through_the_cursor_and_in_the_export(client: Client, story) -> None:
    seen: list[str] = []
    url: str | None = f"/api/v1/elections/{ELECTION}/donors?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [r["ref"] for r in page["results"]]
        url = page["next"]
    expected = {ref_for(i) for i in (NURLAN, ALTYN, TEMIR, BASHKA, JIBEK)}
    assert sorted(seen) == sorted(expected) and len(seen) == len(expected)

    response = client.get(f"/api/v1/elections/{ELECTION}/donors", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["ref"] for r in rows} == expected
    # The two gifts without a usable id are nobody's: in the funds' totals, in no donor's.
    assert sum(Decimal(r["total"]) for r in rows) == Decimal("19100.00")


# Pseudonyms --------------------------------------------------------------------------------


def test_refs_are_stable_short_and_keyed(story, settings) -> None:  # type: ignore[no-untyped-def]
    ref = ref_for(NURLAN)
    assert re.fullmatch(r"[a-z2-7]{16}", ref)
    assert ref_for(NURLAN) == ref == donor_refs([NURLAN, "", "123"])[NURLAN]
    assert donor_refs([NURLAN, "", "123"]) == {NURLAN: ref}
    assert ref_for(NURLAN, key=b"another key") != ref
    # The same in every process and version: published links depend on it.
    assert ref_for(NURLAN, key=b"talapker test key") == "rvnaiobayr7lw4no"
    settings.TALAPKER_PSEUDONYM_KEY = "another key"
    assert ref_for(NURLAN) == ref_for(NURLAN, key=b"another key")
    assert ref_for(ALTYN) != ref_for(NURLAN)


def test_a_collision_of_refs_is_logged_not_hidden(
    story, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("talapker.disclosure.donors.ref_for", lambda donor_id: "a" * 16)
    _file(story["ishenim"], [
        gift(1, "21503198500201", "Биринчи", "10.00"),
        gift(2, "21503198500202", "Экинчи", "10.00"),
    ])  # fmt: skip
    assert Donor.objects.filter(ref="a" * 16).count() == 1
    assert "donor refs collide: 1 numbers" in caplog.text


def test_filing_gives_refs_and_keeps_the_standing_version(story) -> None:
    ata_jurt = story["ata-jurt"]
    stored = set(Donor.objects.values_list("donor_id", flat=True))
    assert stored == {NURLAN, ALTYN, TEMIR, BASHKA, JIBEK}  # none for "" or "123"

    # A correction drops Temir and adds a new donor: the fund's donors follow it.
    _file(ata_jurt, [
        gift(1, NURLAN, "Өмүрбеков Нурлан", "1200.00"),
        gift(2, "21503198500124", "Жаңы Донор", "10.00"),
    ])  # fmt: skip
    assert Donor.objects.filter(donor_id="21503198500124").exists()
    ours = dict(FundDonor.objects.filter(fund=ata_jurt).values_list("donor__donor_id", "cents"))
    assert ours == {NURLAN: 120000, "21503198500124": 1000}
    # The ref of a donor dropped from every standing report stays, and means nothing now.
    assert Donor.objects.filter(donor_id=TEMIR).exists()
    assert not FundDonor.objects.filter(donor__donor_id=TEMIR).exists()


def test_a_final_report_replaces_the_interim_and_a_later_interim_changes_nothing(
    client: Client, story
) -> None:
    ishenim = story["ishenim"]
    _file(ishenim, [gift(1, NURLAN, "Omurbekov Nurlan", "4000.00")], kind="final")
    _file(ishenim, [gift(1, NURLAN, "Omurbekov Nurlan", "9.00")])  # an interim correction
    assert _by_ref(_api(client))[ref_for(NURLAN)]["total"] == "5000.00"
    assert ref_for(JIBEK) not in _by_ref(_api(client))
    assert _page(client, JIBEK).status_code == 404


def test_the_migrations_backfill_keeps_what_filing_keeps(story) -> None:
    backfill = importlib.import_module("talapker.disclosure.migrations.0001_donors").backfill

    def kept() -> list[tuple[Any, ...]]:
        rows = FundDonor.objects.values_list(
            "fund_id", "donor__ref", "donor__donor_id", "version_id", "cents", "gifts", "kind",
            "name", "name_keys",
        )  # fmt: skip
        return sorted(rows)

    filed = kept()
    assert len(filed) == 7
    Donor.objects.all().delete()  # and the fund rows with them
    backfill(django_apps, SimpleNamespace(connection=connection))
    assert kept() == filed


# Nothing personal on any public output -----------------------------------------------------


def _personal_numbers() -> set[str]:
    pins = set(Person.objects.values_list("pin", flat=True))
    pins |= set(Founder.objects.filter(founder_kind="person").values_list("founder_id", flat=True))
    pins |= set(
        Contribution.objects.filter(donor_kind__in=("individual", "candidate_own"))
        .exclude(donor_id="")
        .values_list("donor_id", flat=True)
    )
    return pins


def test_no_pin_on_a_donor_page_in_the_api_or_the_export(client: Client, story) -> None:
    outputs: dict[str, str] = {}
    for donor_id in Donor.objects.values_list("donor_id", flat=True):
        for language in ("ky", "ru", "en"):
            response = _page(client, donor_id, language)
            assert response.status_code == 200
            outputs[f"{language} page of {donor_id}"] = response.content.decode()
    base = f"/api/v1/elections/{ELECTION}/donors"
    outputs["json"] = client.get(base).content.decode()
    outputs["csv"] = b"".join(client.get(base, {"format": "csv"}).streaming_content).decode()
    pins = _personal_numbers()
    assert {NURLAN, ASANOV} <= pins
    leaks = {(where, pin) for where, text in outputs.items() for pin in pins if pin in text}
    assert leaks == set()
    assert ALTYN in outputs["json"]  # a company's INN is published, as the law does


def test_a_sole_traders_inn_is_not_published(client: Client, story) -> None:
    """A sole trader files its INN, which is the person's PIN."""
    _file(story["ishenim"], [gift(1, NURLAN, "ИП Өмүрбеков Н.", "10.00", "legal_entity")])
    row = _by_ref(_api(client))[ref_for(NURLAN)]
    assert row["kind"] == "legal_entity" and row["inn"] is None
    response = _page(client, NURLAN)
    assert NURLAN not in response.content.decode()


def test_a_partys_own_money_shows_its_inn_and_no_owners(client: Client, story) -> None:
    entity("01001201010099", "Ата-Журт саясий партиясы", form="party")
    _file(story["ata-jurt"], [gift(1, "01001201010099", "Өз каражаты", "900.00", "party_own")])
    response = _page(client, "01001201010099")
    assert response.context["d"].inn == "01001201010099"
    assert response.context["d"].company is None
    assert "01001201010099" in response.content.decode()
    # Not among the largest donors of the finance page, which says how much it was instead.
    with translation.override("en"):
        finance = reverse(
            "disclosure:fund-finance", kwargs={"election": ELECTION, "party": "ata-jurt"}
        )
    html = client.get(finance).content.decode()
    assert 'id="top-donors-caption"' not in html  # its only money is its own
    assert "The party also paid 900.00 som into the fund from its own money" in html


# Who stands behind a company ---------------------------------------------------------------


def test_the_chain_reaches_a_foreign_owner_two_companies_up(client: Client, story) -> None:
    ownership = company_owners(ALTYN)
    kumush, asanov = ownership.founders
    assert (kumush.name, kumush.share, kumush.inn) == ("ОсОО Күмүш", Decimal("60.00"), KUMUSH)
    assert (asanov.name, asanov.kind, asanov.inn) == ("Асанов Бакыт", "person", None)
    [holding] = kumush.owners
    assert (holding.name, holding.country, holding.share) == ("Foreign Holding Ltd", "CYP", 20)
    assert holding.effective == Decimal("12.00") and holding.is_top
    assert [(t.name, t.effective) for t in ownership.tops] == [
        ("Асанов Бакыт", Decimal("40.00")),
        ("Foreign Holding Ltd", Decimal("12.00")),
    ]
    text = _page(client, ALTYN).content.decode()
    for shown in ("Foreign Holding Ltd", "Cyprus", "ОсОО Күмүш", "Асанов Бакыт", KUMUSH):
        assert shown in text
    # Shares are the register's percents: 60 % of the donor, and 20 % of Күмүш, 12 % overall.
    for shown in ("share 60.0%", "share 20.0%", "12.0% of this company", "40.0% of this company"):
        assert shown in text, shown
    assert "CYP" not in text
    ru = _page(client, ALTYN, "ru").content.decode()
    assert "Кипр" in ru and "12,0\xa0% этой компании" in ru


def test_money_of_companies_under_the_same_owners_is_summed(client: Client, story) -> None:
    response = _page(client, ALTYN)
    company = response.context["d"].company
    related = {c.ref: (c.cents, c.owners, c.is_this) for c in company.related}
    assert related == {
        ref_for(ALTYN): (550000, ["Foreign Holding Ltd", "Асанов Бакыт"], True),
        ref_for(TEMIR): (700000, ["Foreign Holding Ltd"], False),
        ref_for(JIBEK): (300000, ["Асанов Бакыт"], False),
    }
    assert company.related_total == Decimal("15500.00")
    text = response.content.decode()
    for ref in (TEMIR, JIBEK):
        url = reverse("disclosure:donor", kwargs={"election": ELECTION, "ref": ref_for(ref)})
        assert f'href="{url}"' in text
    assert ref_for(BASHKA) not in text


def test_a_circle_of_owners_is_followed_once(client: Client, story) -> None:
    entity("01001201010003", "ОсОО Жез")
    founder(KUMUSH, "entity", "01001201010003", "ОсОО Жез", "KGZ", "50")
    founder("01001201010003", "entity", ALTYN, "ОсОО Алтын", "KGZ", "10")
    ownership = company_owners(ALTYN)
    assert ownership.looped
    jez = next(o for o in ownership.founders[0].owners if o.name == "ОсОО Жез")
    [back] = jez.owners
    assert back.looped and not back.owners and not back.is_top
    assert _page(client, ALTYN).status_code == 200


# The page ----------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_for_three_gifts_or_three_hundred(
    client: Client, story
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _page(client, ALTYN).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    _file(story["ishenim"], [
        gift(n, ALTYN, f"ОсОО Алтын {n % 3}", "10.00", "legal_entity") for n in range(1, 301)
    ])  # fmt: skip
    assert queries() == few <= 14
    page = _page(client, ALTYN, page="2").context["d"]
    assert page.page.paginator.count == 301 and len(page.gifts) == 50


def test_an_unknown_ref_or_a_donor_of_another_election_is_404(client: Client, story) -> None:
    with translation.override("en"):
        url = reverse("disclosure:donor", kwargs={"election": ELECTION, "ref": "a" * 16})
    assert client.get(url).status_code == 404
    url = reverse("disclosure:donor", kwargs={"election": "no-such", "ref": ref_for(NURLAN)})
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/elections/no-such/donors").status_code == 404
