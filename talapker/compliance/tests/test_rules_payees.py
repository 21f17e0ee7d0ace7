"""The payee rules (docs/rules.md, "Payee rules") on a planted set: each fires on its
planted payment and on none of the near-misses beside it, and nothing published names the
payee or carries a PIN."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import translation

from talapker.compliance.engine import findings_data, screen
from talapker.compliance.models import Finding
from talapker.compliance.public import public_explanations, public_template
from talapker.core.names import entity_name_key, name_key
from talapker.filings.formats.model import Contribution, Expenditure, ReportData
from talapker.filings.services import report_file
from talapker.registers.models import Founder, LegalEntity, TaxDebtor

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
PERIOD = (D("2026-10-01"), D("2026-11-28"))
PAID = "2026-10-10"
CANDIDATE_2 = "10311198500456"  # «Ата-Журт»'s list, position 2 (the sample election)
CANDIDATE_3 = "20101199000789"  # position 3: Асан уулу Бакыт


def entity(inn: str, name: str, form: str = "llc", **extra) -> None:  # type: ignore[no-untyped-def]
    LegalEntity.objects.create(
        inn=inn, name=name, legal_form=form, country="KGZ",
        registration_date=D(extra.pop("registered", "2015-01-01")),
        state_share=extra.pop("state_share", None), name_key=entity_name_key(name), **extra,
    )  # fmt: skip


def founder(of: str, fid: str, name: str, share: str = "100") -> None:
    Founder.objects.create(
        entity_inn=of, founder_kind="person", founder_id=fid, founder_name=name, country="KGZ",
        share=Decimal(share), name_key=name_key(name),
    )  # fmt: skip


def pay(line: int, payee: str, name: str, category: str = "print", date: str = PAID) -> Expenditure:
    return Expenditure(
        line, D(date), category, name, payee, Decimal(f"{1000 + line}.00"), "bank", f"E{line}", ""
    )


def gift(line: int, donor: str, name: str, kind: str = "legal_entity") -> Contribution:
    return Contribution(line, D("2026-10-05"), kind, donor, name, Decimal("500.00"), "bank",
                        f"C{line}", "")  # fmt: skip


def planted_registers() -> None:
    entity("01001202600001", "ОсОО Жаңы Принт", registered="2026-09-20")  # recent
    entity("01001202600002", "ОсОО Эски Принт", registered="2026-07-12")  # exactly 90 days
    entity("01001202600003", "ОсОО Карыздар")
    TaxDebtor.objects.create(inn="01001202600003", debt_kgs=Decimal("7300.00"), creditor="tax",
                             as_of=D("2026-10-05"))  # fmt: skip
    TaxDebtor.objects.create(inn="01001202600003", debt_kgs=Decimal("800.00"),
                             creditor="social_fund", as_of=D("2026-10-20"))  # fmt: skip
    entity("01001202600004", "ОсОО Кийин Карыз")
    TaxDebtor.objects.create(inn="01001202600004", debt_kgs=Decimal("100.00"), creditor="tax",
                             as_of=D("2026-10-11"))  # a day after the payment  # fmt: skip
    entity("01001202600005", "ОсОО Жабылган", liquidation_date=D(PAID))
    entity("01001202600006", "ОсОО Эртең Жабылат", liquidation_date=D("2026-10-11"))
    entity("01001202600007", "КТРК", form="state_enterprise", state_share=Decimal(100))
    entity("01001202600008", "Борбордук шайлоо комиссиясы", form="state_body",
           state_share=Decimal(100))  # fmt: skip
    entity("01001202600009", "ОАО Мамлекет Басма", form="jsc", state_share=Decimal(100))
    entity("01001202600010", "ОАО Аралаш Басма", form="jsc", state_share=Decimal("49.9"))
    entity("01001202600011", "ОсОО Бакыт Медиа")
    founder("01001202600011", CANDIDATE_3, "Асан уулу Бакыт", "60")
    entity("01001202600012", "ОсОО Адашкан")  # a namesake of candidate 3, another PIN
    founder("01001202600012", "20101199000790", "Асан уулу Бакыт")
    entity("01001202600013", "ОсОО Лидер Групп")  # the leader, by name
    founder("01001202600013", "", "Sydykov Marat Isaevich")
    entity("01001202600014", "ОсОО Береке")  # gives to the fund and is paid
    entity("01001202600015", "ОсОО Таза Жабдуучу")  # paid, never gave
    entity("01001202600016", "ОсОО Экиз")  # two entities with one name: no name match
    entity("01001202600017", "ОАО Экиз", form="jsc", registered="2026-09-20")
    entity("01001202600018", "ОсОО Жаңы Дизайн", registered="2026-10-01")  # found by name
    entity("01001202600019", "ОсОО Ак Жол Медиа")  # found by name, founded by candidate 3
    founder("01001202600019", CANDIDATE_3, "Асан уулу Бакыт", "50")


# (rule, expenditure line) of every planted payment; every other line is a near-miss.
PLANTED = {
    ("PAYEE_RECENT_ENTITY", "1"),
    ("PAYEE_TAX_DEBTOR", "3"),
    ("PAYEE_LIQUIDATED", "5"),
    ("PAYEE_STATE_OWNED", "7"),
    ("PAYEE_STATE_OWNED", "9"),
    ("PAYEE_RELATED_TO_CANDIDATE", "11"),
    ("PAYEE_RELATED_TO_CANDIDATE", "13"),
    ("PAYEE_RELATED_TO_CANDIDATE", "19"),
    ("PAYEE_RELATED_TO_CANDIDATE", "24"),
    ("PAYEE_ALSO_DONOR", "14"),
    ("PAYEE_ALSO_DONOR", "21"),
    ("PAYEE_ALSO_DONOR", "22"),
    ("PAYEE_RECENT_ENTITY", "18"),
}


def file_and_screen(fund) -> dict[tuple[str, str], dict]:  # type: ignore[no-untyped-def]
    party = fund.party
    party.leader = "Сыдыков Марат Исаевич"  # not on the list: known by name only
    party.save()
    planted_registers()
    expenditures = [
        pay(1, "01001202600001", "ОсОО Жаңы Принт"),
        pay(2, "01001202600002", "ОсОО Эски Принт"),
        pay(3, "01001202600003", "ОсОО Карыздар"),
        pay(4, "01001202600004", "ОсОО Кийин Карыз"),
        pay(5, "01001202600005", "ОсОО Жабылган"),
        pay(6, "01001202600006", "ОсОО Эртең Жабылат"),
        pay(7, "01001202600007", "КТРК", "tv_radio"),
        pay(8, "01001202600008", "БШК", "other"),
        pay(9, "01001202600009", "ОАО Мамлекет Басма"),
        pay(10, "01001202600010", "ОАО Аралаш Басма"),
        pay(11, "01001202600011", "ОсОО Бакыт Медиа", "online"),
        pay(12, "01001202600012", "ОсОО Адашкан", "online"),
        pay(13, "01001202600013", "ОсОО Лидер Групп", "events"),
        pay(14, "01001202600014", "ОсОО Береке", "premises"),
        pay(15, "01001202600015", "ОсОО Таза Жабдуучу"),
        pay(16, "", "Экиз"),  # ambiguous name: neither entity
        pay(17, "01001202600014", "ОсОО Береке", "refund"),  # returning a gift: no purchase
        pay(18, "", "OsOO Jany Dizain"),  # no id: the one entity with that name key
        pay(19, CANDIDATE_2, "Үсөнова Гүлнара", "staff"),  # the candidate herself
        pay(20, "21503198500999", "Осмонов Тилек", "staff"),  # a person, no one's
        pay(21, "", "Asanov Nurlan", "transport"),  # no id: an individual donor by name
        pay(22, "", "ОсОО «Береке»", "print"),  # no id: by name to the donor entity
        pay(23, "", "Асанов Нурбек", "transport"),  # no id, a name no donor has
        pay(24, "", "Ak Jol Media LLC", "online"),  # no id: by name to candidate 3's company
    ]
    contributions = [
        gift(1, "01001202600014", "ОсОО Береке"),
        gift(2, "21503198500555", "Асанов Нурлан", "individual"),
    ]
    report_file(fund, "interim", *PERIOD, ReportData(tuple(contributions), tuple(expenditures)),
                channel="cli", actor="t")  # fmt: skip
    screen(fund.election, fund, trigger="test")
    return {
        (f["rule"], str(f["line"])): f
        for f in findings_data(fund.election, fund)
        if f["rule"].startswith("PAYEE_")
    }


def test_every_planted_payee_is_found_and_no_near_miss(fund) -> None:
    found = file_and_screen(fund)
    assert set(found) == PLANTED  # precision and recall of 100%
    assert all(f["severity"] == "warning" and f["source"] == "expenditure" for f in found.values())
    assert found[("PAYEE_RECENT_ENTITY", "1")]["amount"] == "1001.00"
    recent = found[("PAYEE_RECENT_ENTITY", "1")]["evidence"]
    assert recent["entity"]["registered"] == "2026-09-20" and recent["days"] == 90
    by_name = found[("PAYEE_RECENT_ENTITY", "18")]["evidence"]
    assert by_name["matched_by_name"] and by_name["entity"]["inn"] == "01001202600018"
    debt = found[("PAYEE_TAX_DEBTOR", "3")]["evidence"]
    assert debt["debt_since"] == "2026-10-05"
    assert debt["debts"] == [  # the register's rows owed by the day of the payment
        {"creditor": "tax", "debt_kgs": "7300.00", "as_of": "2026-10-05"}
    ]
    assert found[("PAYEE_STATE_OWNED", "9")]["evidence"]["state_share"] == "100"


def test_the_links_to_the_party_are_the_register_rows(fund) -> None:
    found = file_and_screen(fund)
    founded = found[("PAYEE_RELATED_TO_CANDIDATE", "11")]["evidence"]
    assert founded["links"] == [{
        "name": "Асан уулу Бакыт", "list_position": 3, "party_leader": False,
        "founder_of_payee": True, "founder_id": CANDIDATE_3, "founder_name": "Асан уулу Бакыт",
        "share": "60",
    }]  # fmt: skip
    leader = found[("PAYEE_RELATED_TO_CANDIDATE", "13")]["evidence"]["links"]
    assert [(x["party_leader"], x["founder_name"]) for x in leader] == [
        (True, "Sydykov Marat Isaevich")
    ]
    herself = found[("PAYEE_RELATED_TO_CANDIDATE", "19")]["evidence"]["links"]
    assert [(x["list_position"], x["founder_of_payee"]) for x in herself] == [(2, False)]
    donor = found[("PAYEE_ALSO_DONOR", "14")]["evidence"]
    assert (donor["total"], donor["lines"], donor["matched_by_name"]) == ("500.00", "1", False)
    assert found[("PAYEE_ALSO_DONOR", "21")]["evidence"]["matched_by_name"] is True
    assert found[("PAYEE_ALSO_DONOR", "22")]["evidence"]["contributions"][0]["line"] == 1


def test_nothing_published_names_the_payee_or_carries_a_pin(fund) -> None:
    found = file_and_screen(fund)
    pin = re.compile(r"(?<!\d)\d{14}(?!\d)")
    for finding in Finding.objects.filter(rule__startswith="PAYEE_"):
        texts = public_explanations(finding)
        assert len(set(_templates(finding.rule))) == 3, finding.rule  # translated
        payee = finding.evidence["payee_name"]
        for text in texts.values():
            assert not pin.search(text) and payee not in text, text
            assert "Асан уулу" not in text and "Sydykov" not in text
    for f in found.values():  # the auditors' explanation: names, but never a PIN
        assert not any(pin.search(text) for text in f["explanation"].values()), f
    with translation.override("en"):
        text = found[("PAYEE_RELATED_TO_CANDIDATE", "11")]["explanation"]["en"]
    assert "Асан уулу Бакыт" in text


def test_a_rescreen_keeps_the_payee_findings(fund) -> None:
    file_and_screen(fund)
    count = Finding.objects.filter(rule__startswith="PAYEE_").count()
    run = screen(fund.election, fund, trigger="again")
    assert Finding.objects.filter(rule__startswith="PAYEE_", active=True).count() == count
    assert run.new == 0


def _templates(rule: str) -> list[str]:
    templates = []
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            templates.append(public_template(rule))
    return templates
