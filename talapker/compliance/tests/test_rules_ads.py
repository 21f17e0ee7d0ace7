"""The ad rules (rules.md, advertising rules; docs/rules.md) on a planted set of ads: each
fires on its planted ad and on none of the near-misses beside it, the ranges are in som,
and nothing published names a payer or carries a PIN."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from talapker.ads.models import Ad, AdImport
from talapker.ads.services import ads_import
from talapker.compliance.engine import findings_data, screen
from talapker.compliance.models import Finding, ScreeningRun
from talapker.compliance.public import public_explanations, public_template
from talapker.core.names import entity_name_key, name_key
from talapker.filings.formats.model import Contribution, Expenditure, ReportData
from talapker.filings.services import report_file
from talapker.registers.models import Founder, LegalEntity, Person
from talapker.registers.ownership import ownership_rebuild

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
PERIOD = (D("2026-10-01"), D("2026-11-28"))
SAMPLES = Path(__file__).resolve().parents[2] / "ads" / "tests" / "samples"
MEDIA = "01002201500001"  # a Kyrgyz company paying for ads and giving to the fund
IN_KIND = "01002201500002"  # gives, some of it in kind (these very ads)
FOREIGN = "01002201500003"
MIXED = "01002201500004"  # a Kyrgyz company with a foreign founder
CLEAN = "01002201500005"  # Kyrgyz founders only, one with a Latin name
OVER = "01002201500006"  # over the cap by its gifts alone
FOREIGNER, DUAL, CITIZEN = "21503198500301", "21503198500302", "21503198500303"


def entity(inn: str, name: str, country: str = "KGZ") -> None:
    LegalEntity.objects.create(
        inn=inn, name=name, legal_form="llc", country=country,
        registration_date=D("2015-01-01"), name_key=entity_name_key(name),
    )  # fmt: skip


def person(pin: str, surname: str, name: str, citizenship: str) -> None:
    codes = citizenship.split(";")
    Person.objects.create(
        pin=pin, surname=surname, name=name, birth_date=D("1985-03-15"), sex="M",
        citizenship=citizenship, biometric=True, name_key=name_key(surname, name),
        pin_consistent=True, holds_kgz="KGZ" in codes, citizenship_count=len(codes),
    )  # fmt: skip


def registers() -> None:
    entity(MEDIA, "ОсОО Медиа Сервис")
    entity(IN_KIND, "ОсОО Натура")
    entity(FOREIGN, "Foreign Media Ltd", "RUS")
    entity(MIXED, "ОсОО Аралаш Медиа")
    entity(CLEAN, "ОсОО Таза Медиа")
    entity(OVER, "ОсОО Ашыкча")
    for of, fid, name, country, share in (
        (MIXED, "C-77", "Cyprus Holding Ltd", "CYP", "10"),
        (CLEAN, "21503198500399", "Smith John", "KGZ", "100"),
    ):
        Founder.objects.create(
            entity_inn=of, founder_kind="entity" if country != "KGZ" else "person",
            founder_id=fid, founder_name=name, country=country, share=Decimal(share),
            name_key=name_key(name),
        )  # fmt: skip
    ownership_rebuild()
    person(FOREIGNER, "Smith", "John", "USA")
    person(DUAL, "Осмонов", "Тилек", "KGZ;RUS")
    person(CITIZEN, "Асанов", "Бакыт", "KGZ")


def make_ads(election) -> None:  # type: ignore[no-untyped-def]
    batch = AdImport.objects.create(
        election=election, source="csv", file_name="ads.csv", sha256="0" * 64, rows=0, new=0,
        updated=0, unchanged=0,
    )  # fmt: skip
    parties = {p.code: p for p in election.parties.all()}

    def ad(ad_id: str, payer: str, kind: str, lower: str, upper: str, **extra: str) -> None:
        rate = Decimal(extra.pop("rate", "1"))
        Ad.objects.create(
            election=election, ad_id=ad_id, source="csv", platform="facebook",
            page_name=extra.pop("page", "Ата-Журт"), payer=payer,
            party=parties[extra.pop("party", "ata-jurt")],
            start_date=D(extra.pop("start", "2026-10-10")), currency=extra.pop("currency", "KGS"),
            spend_lower=Decimal(lower), spend_upper=Decimal(upper), rate_kgs=rate,
            spend_lower_kgs=Decimal(lower) * rate, spend_upper_kgs=Decimal(upper) * rate,
            payer_kind=kind, payer_inn=extra.pop("inn", ""), payer_person_pin=extra.pop("pin", ""),
            payer_score=int(extra.pop("score", "100")), first_seen=batch, last_seen=batch,
        )  # fmt: skip

    # The party's own ads: 70,000 + 350 USD at 87.30 = 100,555 som at least.
    ad("own-1", "Ата-Журт Кыргызстан", "party", "70000", "79999")
    ad("own-2", "", "party", "350", "399", currency="USD", rate="87.30")
    ad("own-3", "Ишеним", "party", "50000", "59999", party="ishenim", page="Ишеним")
    # Foreign payers.
    ad("foreign-entity", "Foreign Media Ltd", "legal_entity", "1000", "1999", inn=FOREIGN)
    ad("foreign-founders", "ОсОО Аралаш Медиа", "legal_entity", "1000", "1999", inn=MIXED)
    ad("foreign-person", "John Smith", "person", "1000", "1999", pin=FOREIGNER)
    # Third parties: near-misses of the foreign rule, and of the caps.
    ad("clean-founders", "OsOO Taza Media", "legal_entity", "1000", "1999", inn=CLEAN)
    ad("dual", "Осмонов Тилек", "person", "10000", "19999", pin=DUAL)
    ad("citizen", "Асанов Бакыт", "person", "10000", "14999", pin=CITIZEN)
    ad("media-1", "Media Service LLC", "legal_entity", "5000", "9999", inn=MEDIA)
    ad("media-2", "Media Service LLC", "legal_entity", "8000", "9999", inn=MEDIA,
       start="2026-10-12")  # fmt: skip
    ad("in-kind", "ОсОО Натура", "legal_entity", "40000", "49999", inn=IN_KIND)
    ad("over-alone", "ОсОО Ашыкча", "legal_entity", "1000", "1999", inn=OVER)
    ad("unmatched", "Жаштар Кыймылы", "unmatched", "2000", "2999", score="61")
    ad("no-payer", "", "unmatched", "2000", "2999", page="Кыргыз Жаштары", score="0")


def pay(line: int, category: str, amount: str) -> Expenditure:
    return Expenditure(line, D("2026-10-20"), category, "ОсОО Тармак", "", Decimal(amount),
                       "bank", f"E{line}", "")  # fmt: skip


def gift(line: int, kind: str, donor: str, name: str, amount: str, method: str = "bank"):  # type: ignore[no-untyped-def]
    return Contribution(line, D("2026-10-05"), kind, donor, name, Decimal(amount), method,
                        f"C{line}" if method == "bank" else "", "")  # fmt: skip


PLANTED = {
    ("AD_SPEND_UNDECLARED", "ata-jurt", ""),
    ("AD_FOREIGN_PAYER", "ata-jurt", "foreign-entity"),
    ("AD_FOREIGN_PAYER", "ata-jurt", "foreign-founders"),
    ("AD_FOREIGN_PAYER", "ata-jurt", "foreign-person"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "clean-founders"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "dual"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "citizen"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "media-1"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "media-2"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "in-kind"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "over-alone"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "unmatched"),
    ("AD_THIRD_PARTY_PAYER", "ata-jurt", "no-payer"),
    ("AD_PAYER_OVER_CAP", "ata-jurt", "media-2"),
}


def screened(election) -> dict[tuple[str, str, str], dict]:  # type: ignore[no-untyped-def]
    registers()
    make_ads(election)
    funds = {f.code: f for f in election.funds.all()}
    report_file(funds["ata-jurt"], "interim", *PERIOD, ReportData(
        (
            gift(1, "legal_entity", MEDIA, "ОсОО Медиа Сервис", "2990000.00"),
            gift(2, "individual", CITIZEN, "Асанов Бакыт", "190000.00"),  # + 10,000: at the cap
            gift(3, "legal_entity", IN_KIND, "ОсОО Натура", "2950000.00"),
            gift(4, "legal_entity", IN_KIND, "ОсОО Натура", "45000.00", "in_kind"),
            gift(5, "legal_entity", OVER, "ОсОО Ашыкча", "3100000.00"),
        ),
        (pay(1, "online", "40000.00"), pay(2, "online", "20000.00"), pay(3, "print", "90000.00")),
    ), channel="cli", actor="t")  # fmt: skip
    report_file(funds["ishenim"], "interim", *PERIOD, ReportData(
        (), (pay(1, "online", "50000.00"),),  # exactly what its own ads cost at least
    ), channel="cli", actor="t")  # fmt: skip
    screen(election, trigger="test")
    return {
        (f["rule"], f["fund"], f["line"] or ""): f
        for f in findings_data(election)
        if f["rule"].startswith("AD_")
    }


def test_every_planted_ad_is_found_and_no_near_miss(election) -> None:
    found = screened(election)
    assert set(found) == PLANTED  # precision and recall of 100%
    assert all(f["source"] == "ad" for f in found.values())
    spend = found[("AD_SPEND_UNDECLARED", "ata-jurt", "")]
    assert (spend["severity"], spend["amount"]) == ("warning", "40555.00")
    assert spend["evidence"]["ad_spend_lower"] == "100555.00"
    assert spend["evidence"]["ad_spend_upper"] == "114831.70"  # 79,999 + 399 x 87.30
    assert spend["evidence"]["declared_online"] == "60000.00"
    usd = next(a for a in spend["evidence"]["ads"] if a["ad_id"] == "own-2")
    assert (usd["currency"], usd["spend_lower"], usd["rate_kgs"]) == ("USD", "350.00", "87.3")
    assert usd["spend_lower_kgs"] == "30555.00"
    assert {a["ad_id"] for a in spend["evidence"]["ads"]} == {"own-1", "own-2"}


def test_foreign_payers_and_the_register_rows_behind_them(election) -> None:
    found = screened(election)
    entity_ = found[("AD_FOREIGN_PAYER", "ata-jurt", "foreign-entity")]
    assert entity_["severity"] == "violation" and entity_["amount"] == "1000.00"
    assert entity_["evidence"]["foreign_reason"] == "entity_foreign"
    assert entity_["evidence"]["payer_entity"]["country"] == "RUS"
    mixed = found[("AD_FOREIGN_PAYER", "ata-jurt", "foreign-founders")]["evidence"]
    assert (mixed["foreign_reason"], mixed["foreign_share"]) == ("foreign_founders", "10")
    assert mixed["chains"][0]["founder"]["country"] == "CYP"
    citizen = found[("AD_FOREIGN_PAYER", "ata-jurt", "foreign-person")]["evidence"]
    assert citizen["payer_person"]["citizenship"] == "USA"
    assert (
        "is not a citizen"
        in found[("AD_FOREIGN_PAYER", "ata-jurt", "foreign-person")]["explanation"]["en"]
    )
    unmatched = found[("AD_THIRD_PARTY_PAYER", "ata-jurt", "unmatched")]["evidence"]
    assert (unmatched["why_unmatched"], unmatched["score"], unmatched["threshold"]) == (
        "no_match", 61, 85,
    )  # fmt: skip
    assert (
        found[("AD_THIRD_PARTY_PAYER", "ata-jurt", "no-payer")]["evidence"]["why_unmatched"]
        == "no_payer"
    )


def test_a_third_partys_ads_count_as_gifts_in_kind_against_the_cap(election) -> None:
    found = screened(election)
    over = found[("AD_PAYER_OVER_CAP", "ata-jurt", "media-2")]
    assert over["severity"] == "warning"
    evidence = over["evidence"]
    assert (evidence["ads_lower"], evidence["declared"], evidence["total"]) == (
        "13000.00", "2990000.00", "3003000.00",
    )  # fmt: skip
    assert (evidence["cap"], evidence["excess"]) == ("3000000.00", "3000.00")
    assert [a["ad_id"] for a in evidence["ads"]] == ["media-1", "media-2"]
    # The person at the cap exactly, and the company whose declared gift in kind covers its
    # ads (counted once, not twice), are not over it.
    assert ("AD_PAYER_OVER_CAP", "ata-jurt", "citizen") not in found
    assert ("AD_PAYER_OVER_CAP", "ata-jurt", "in-kind") not in found
    # Over it by its gifts alone: that is DONOR_CAP_EXCEEDED, not this.
    assert ("AD_PAYER_OVER_CAP", "ata-jurt", "over-alone") not in found
    assert any(f["rule"] == "DONOR_CAP_EXCEEDED" for f in findings_data(election))


def test_nothing_published_names_a_payer_or_carries_a_pin(election) -> None:
    screened(election)
    pin = re.compile(r"(?<!\d)\d{14}(?!\d)")
    findings = Finding.objects.filter(rule__startswith="AD_")
    assert findings.count() == len(PLANTED)
    for finding in findings:
        texts = public_explanations(finding)
        assert len(set(_templates(finding.rule))) == 3, finding.rule  # translated
        payer = finding.evidence.get("payer") or "—"
        for text in texts.values():
            assert not pin.search(text), text
            if payer != "—":
                assert payer not in text, text
    for f in findings_data(findings.first().election):
        assert not any(pin.search(text) for text in f["explanation"].values()), f


def test_an_ad_import_screens_the_funds_of_the_parties_with_ads(
    election, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ads_import(election, SAMPLES / "ads.csv", SAMPLES / "rates.csv", actor="t")
    triggers = set(ScreeningRun.objects.values_list("fund__code", "trigger"))
    assert ("ata-jurt", "ads imported (t)") in triggers
    third = Finding.objects.get(rule="AD_THIRD_PARTY_PAYER", line="fb-1002")
    assert third.fund.code == "ata-jurt" and third.source == "ad"
    assert third.amount == Ad.objects.get(ad_id="fb-1002").spend_lower_kgs


def _templates(rule: str) -> list[str]:
    templates = []
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            templates.append(public_template(rule))
    return templates
