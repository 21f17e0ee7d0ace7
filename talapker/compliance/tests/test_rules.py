"""The rule families on small, hand-made registers: boundaries, chains with cycles, name
spellings, caps (with a property test against a plain running sum)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talapker.compliance.engine import findings_data, screen
from talapker.core.names import entity_name_key, name_key
from talapker.filings.formats.model import Contribution, ReportData
from talapker.filings.services import report_file
from talapker.registers.models import Founder, LegalEntity, Person
from talapker.registers.ownership import ownership_rebuild

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
PERIOD = (D("2026-10-01"), D("2026-11-28"))
# Rules about the bank and the deadline, which these reports (no statement, filed today) meet.
ELSEWHERE = {"DECLARED_NOT_IN_BANK", "REPORT_LATE", "REPORT_MISSING"}


def person(pin: str, surname: str, name: str, born: str, citizenship: str = "KGZ", **extra):  # type: ignore[no-untyped-def]
    cits = [c for c in citizenship.split(";") if c]
    return Person.objects.create(
        pin=pin, surname=surname, name=name, patronymic="", birth_date=D(born),
        sex="M" if pin[0] == "2" else "F", citizenship=citizenship, biometric=True,
        name_key=name_key(surname, name), pin_consistent=extra.pop("consistent", True),
        holds_kgz="KGZ" in cits, citizenship_count=len(cits), **extra,
    )  # fmt: skip


def entity(inn: str, name: str, country: str = "KGZ", form: str = "llc", **extra):  # type: ignore[no-untyped-def]
    return LegalEntity.objects.create(
        inn=inn, name=name, legal_form=form, country=country,
        registration_date=extra.pop("registered", D("2015-01-01")),
        state_share=extra.pop("state_share", Decimal("0")), name_key=entity_name_key(name),
        **extra,
    )  # fmt: skip


def founder(of: str, kind: str, fid: str, name: str, country: str, share: str) -> None:
    """A founders register row, and the closure rebuilt as an import of the register would."""
    Founder.objects.create(
        entity_inn=of,
        founder_kind=kind,
        founder_id=fid,
        founder_name=name,
        country=country,
        share=Decimal(share) if share else None,
        name_key=name_key(name),
    )
    ownership_rebuild()


def gift(line: int, donor: str, name: str, amount: str, kind: str = "individual",
         date: str = "2026-10-10", method: str = "bank") -> Contribution:  # fmt: skip
    ref = f"R{line}" if method == "bank" else ""
    return Contribution(line, D(date), kind, donor, name, Decimal(amount), method, ref, "")


def file_and_screen(fund, gifts) -> dict[tuple[str, str], dict]:  # type: ignore[no-untyped-def]
    report_file(fund, "interim", *PERIOD, ReportData(tuple(gifts), ()), channel="cli", actor="t")
    screen(fund.election, fund, trigger="test")
    return {
        (f["rule"], str(f["line"])): f
        for f in findings_data(fund.election, fund)
        if f["rule"] not in ELSEWHERE and f["source"] != "candidate"  # the lists: elsewhere
    }


def test_a_latin_spelling_matches_and_a_different_person_does_not(fund) -> None:
    person("21503198500123", "Жээнбеков", "Сооронбай", "1985-03-15")
    found = file_and_screen(fund, [
        gift(1, "21503198500123", "Zheenbekov Sooronbai", "100.00"),
        gift(2, "21503198500123", "Jeenbekov Sooronbay", "100.00"),
        gift(3, "21503198500123", "Иванов Петр", "100.00"),
    ])  # fmt: skip
    assert {k for k in found if k[0] == "DONOR_NAME_MISMATCH"} == {("DONOR_NAME_MISMATCH", "3")}
    assert found[("DONOR_NAME_MISMATCH", "3")]["evidence"]["score"] < 85


def test_age_boundary_and_citizenship(fund) -> None:
    person("20110200800001", "Асанов", "Бакыт", "2008-10-10")  # 18 on the day of line 1
    person("20110200900002", "Асанов", "Улан", "2008-10-11")  # 18 a day later
    person("21503198500124", "Smith", "John", "1985-03-15", "USA")
    person("21503198500125", "Осмонов", "Тилек", "1985-03-15", "KGZ;RUS")
    person("21503198500126", "Нурланов", "Эрлан", "1985-03-15", "")
    found = file_and_screen(fund, [
        gift(1, "20110200800001", "Асанов Бакыт", "101.00"),
        gift(2, "20110200900002", "Асанов Улан", "102.00"),
        gift(3, "21503198500124", "Smith John", "103.00"),
        gift(4, "21503198500125", "Осмонов Тилек", "104.00"),
        gift(5, "21503198500126", "Нурланов Эрлан", "105.00"),
    ])  # fmt: skip
    assert set(found) == {
        ("DONOR_MINOR", "2"), ("DONOR_FOREIGN_CITIZEN", "3"), ("DONOR_DUAL_CITIZEN", "4"),
        ("DONOR_STATELESS", "5"), ("PROHIBITED_NOT_REFUNDED", "3"),
        ("PROHIBITED_NOT_REFUNDED", "5"),
    }  # fmt: skip


def test_foreign_participation_through_a_chain_with_a_cycle(fund) -> None:
    entity("01001201010001", "ОсОО Алтын")
    entity("01001201010002", "ОсОО Күмүш")
    entity("01001201010003", "ОсОО Жез")
    founder("01001201010001", "entity", "01001201010002", "ОсОО Күмүш", "KGZ", "60")
    founder("01001201010002", "entity", "01001201010003", "ОсОО Жез", "KGZ", "50")
    founder("01001201010003", "entity", "01001201010001", "ОсОО Алтын", "KGZ", "10")  # cycle
    founder("01001201010003", "entity", "9990001", "Foreign Holding Ltd", "CYP", "20")
    entity("01001201010004", "ОсОО Таза")  # only Kyrgyz founders, one with a foreign name
    founder("01001201010004", "person", "21503198500127", "Smith John", "KGZ", "100")
    found = file_and_screen(fund, [
        gift(1, "01001201010001", "ОсОО Алтын", "1000.00", "legal_entity"),
        gift(2, "01001201010004", "ОсОО Таза", "1000.00", "legal_entity"),
    ])  # fmt: skip
    hit = found[("ENTITY_FOREIGN_PARTICIPATION", "1")]
    assert hit["evidence"]["foreign_share"] == "6"  # 60% x 50% x 20%
    chain = hit["evidence"]["chains"][0]
    assert [h["inn"] for h in chain["chain"]] == [
        "01001201010001", "01001201010002", "01001201010003",
    ]  # fmt: skip
    assert chain["founder"]["country"] == "CYP"
    assert ("ENTITY_FOREIGN_PARTICIPATION", "2") not in found


def test_entity_forms_debts_and_dates(fund) -> None:
    from talapker.registers.models import TaxDebtor

    entity(
        "01001201010010", "Мамлекеттик ишкана", form="state_enterprise", state_share=Decimal(100)
    )
    entity("01001201010011", "ОсОО Аралаш", state_share=Decimal("25"))
    entity("01001201010012", "Фонд Жардам", form="foundation")
    entity("01001201010013", "ОсОО Карыз")
    TaxDebtor.objects.create(inn="01001201010013", debt_kgs=Decimal(5000), creditor="tax",
                             as_of=D("2026-10-09"))  # fmt: skip
    entity("01001201010014", "ОсОО Жаңы", registered=D("2026-09-01"))
    entity("01001201010015", "ОсОО Жабык", liquidation_date=D("2026-10-10"))
    entity("01001201010016", "Branch", country="KGZ", form="foreign_branch")
    found = file_and_screen(fund, [
        gift(n, inn, "x", "100.00", "legal_entity")
        for n, inn in enumerate(
            ["01001201010010", "01001201010011", "01001201010012", "01001201010013",
             "01001201010014", "01001201010015", "01001201010016", "01001201019999"],
            start=1,
        )
    ])  # fmt: skip
    assert {k for k in found if k[0] != "PROHIBITED_NOT_REFUNDED"} == {
        ("ENTITY_STATE_OWNED", "1"), ("ENTITY_STATE_SHARE", "2"), ("ENTITY_PROHIBITED_FORM", "3"),
        ("ENTITY_TAX_DEBT", "4"), ("ENTITY_RECENTLY_REGISTERED", "5"), ("ENTITY_LIQUIDATED", "6"),
        ("ENTITY_FOREIGN", "7"), ("ENTITY_INN_UNKNOWN", "8"),
    }  # fmt: skip


def test_a_donor_exactly_at_the_cap_is_not_over_it_and_the_crossing_line_is_named(fund) -> None:
    for pin in ("21503198500128", "21503198500129"):
        person(pin, "Бакиев", "Асан", "1985-03-15")
    found = file_and_screen(fund, [
        gift(1, "21503198500128", "Бакиев Асан", "150000.10"),
        gift(2, "21503198500128", "Бакиев Асан", "49999.90"),  # exactly 200,000.00
        gift(3, "21503198500129", "Бакиев Асан", "199999.99", date="2026-10-01"),
        gift(4, "21503198500129", "Бакиев Асан", "0.02", date="2026-10-02"),
        gift(5, "21503198500129", "Бакиев Асан", "5.00", date="2026-10-03"),
    ])  # fmt: skip
    caps = {k: f for k, f in found.items() if k[0] == "DONOR_CAP_EXCEEDED"}
    assert set(caps) == {("DONOR_CAP_EXCEEDED", "4")}
    assert caps[("DONOR_CAP_EXCEEDED", "4")]["evidence"]["total"] == "200000.01"


def test_the_cap_follows_the_election_parameter(fund) -> None:
    election = fund.election
    election.rules = election.rules | {"individual_cap_ci": 10}  # 1,000 som
    election.save()
    fund.refresh_from_db()
    person("21503198500130", "Бакиев", "Асан", "1985-03-15")
    found = file_and_screen(fund, [gift(1, "21503198500130", "Бакиев Асан", "1000.01")])
    assert ("DONOR_CAP_EXCEEDED", "1") in found


def test_a_rerun_of_the_same_data_gives_the_same_findings(fund) -> None:
    person("21503198500131", "Бакиев", "Асан", "1985-03-15", "RUS")
    first = file_and_screen(fund, [gift(1, "21503198500131", "Бакиев Асан", "10.00")])
    run = screen(fund.election, fund, trigger="again")
    again = {
        (f["rule"], str(f["line"])): f
        for f in findings_data(fund.election, fund)
        if f["rule"] not in ELSEWHERE and f["source"] != "candidate"  # the lists: elsewhere
    }
    assert again == first
    assert (run.new, run.resolved) == (0, 0)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=1, max_value=9_000_000), min_size=1, max_size=12))
def test_the_cap_crossing_is_the_first_running_total_over_it(fund, amounts: list[int]) -> None:
    """Against a plain running sum in Python, for any sequence of gifts (in tyiyn)."""
    from talapker.compliance.models import Finding
    from talapker.filings.models import Report

    Finding.objects.all().delete()
    Report.objects.all().delete()
    pin = "21503198500132"
    if not Person.objects.filter(pin=pin).exists():
        person(pin, "Бакиев", "Асан", "1985-03-15")
    cap = fund.election.cap_kgs("individual_cap_ci") * 100
    running, expected = 0, None
    for n, cents in enumerate(amounts, start=1):
        if running <= cap < running + cents and expected is None:
            expected = str(n)
        running += cents
    gifts = [
        gift(n, pin, "Бакиев Асан", f"{Decimal(c) / 100:.2f}", date=f"2026-10-{n + 1:02d}")
        for n, c in enumerate(amounts, start=1)
    ]
    found = file_and_screen(fund, gifts)
    lines = {line for rule, line in found if rule == "DONOR_CAP_EXCEEDED"}
    assert lines == ({expected} if expected else set())


def test_register_anomalies_become_findings_not_crashes(fund) -> None:
    entity("01001201010020", "ОсОО Ашык")
    founder("01001201010020", "person", "21503198500140", "Асанов Бакыт", "KGZ", "70")
    founder("01001201010020", "person", "21503198500141", "Усенов Улан", "KGZ", "60")
    entity("01001201010021", "ОсОО Тегерек")
    entity("01001201010022", "ОсОО Айлана")
    founder("01001201010021", "entity", "01001201010022", "ОсОО Айлана", "KGZ", "100")
    founder("01001201010022", "entity", "01001201010021", "ОсОО Тегерек", "KGZ", "100")
    found = file_and_screen(fund, [
        gift(1, "01001201010020", "ОсОО Ашык", "1000.00", "legal_entity"),
        gift(2, "01001201010021", "ОсОО Тегерек", "1000.00", "legal_entity"),
    ])  # fmt: skip
    assert set(found) == {("ENTITY_SHARES_OVER_100", "1"), ("ENTITY_OWNERSHIP_CYCLE", "2")}
    assert found[("ENTITY_SHARES_OVER_100", "1")]["evidence"]["founders_total"] == "130"


def test_five_donors_of_one_amount_on_one_day_form_a_cluster_and_four_do_not(fund) -> None:
    pins = [f"2150319850{n:04d}" for n in range(200, 209)]
    for pin in pins:
        person(pin, "Бакиев", "Асан", "1985-03-15")
    gifts = [gift(n, pin, "Бакиев Асан", "777.00", date="2026-10-05")
             for n, pin in enumerate(pins[:5], start=1)]  # fmt: skip
    gifts += [gift(n, pin, "Бакиев Асан", "555.00", date="2026-10-06")
              for n, pin in enumerate(pins[5:], start=6)]  # fmt: skip
    found = file_and_screen(fund, gifts)
    assert set(found) == {("DONOR_CLUSTER", "1")}
    evidence = found[("DONOR_CLUSTER", "1")]["evidence"]
    assert (evidence["donors"], evidence["lines"]) == (5, [1, 2, 3, 4, 5])


def test_many_donors_over_the_cap_and_many_groups_are_read_in_chunks(fund, monkeypatch) -> None:
    """The second step of caps and clusters lists the donors or groups it reads; with a chunk
    of one, every donor and group is still read, each once. A donor who gives the same amount
    twice that day counts once: five rows from four donors are no cluster."""
    from talapker.compliance import sql

    monkeypatch.setattr(sql, "CHUNK", 1)
    pins = [f"2150319850{n:04d}" for n in range(300, 311)]
    for pin in pins:
        person(pin, "Бакиев", "Асан", "1985-03-15")
    name = "Бакиев Асан"
    gifts = [gift(1, pins[0], name, "150000.00"), gift(2, pins[0], name, "60000.00"),
             gift(3, pins[1], name, "250000.00")]  # fmt: skip
    gifts += [gift(n, pin, "Бакиев Асан", "700.00", date="2026-10-07")
              for n, pin in enumerate(pins[2:7], start=4)]  # fmt: skip
    gifts += [gift(n, pin, "Бакиев Асан", "300.00", date="2026-10-08")
              for n, pin in enumerate([*pins[7:11], pins[7]], start=9)]  # fmt: skip
    gifts.append(gift(14, pins[10], "Бакиев Асан", "300.00", date="2026-10-09"))
    found = file_and_screen(fund, gifts)
    assert {k for k in found if k[0] != "PROHIBITED_NOT_REFUNDED"} == {
        ("DONOR_CAP_EXCEEDED", "2"), ("DONOR_CAP_EXCEEDED", "3"), ("DONOR_CLUSTER", "4"),
    }  # fmt: skip
    assert found[("DONOR_CAP_EXCEEDED", "2")]["evidence"]["excess"] == "10000.00"


def test_a_draft_and_the_same_rows_filed_give_the_same_money_findings(fund) -> None:
    """Filed versions keep their donor totals; a draft's are summed on the spot. Both roads
    give the same caps and fund total, and the kept totals add up to the rows."""
    from django.db.models import Sum

    from talapker.compliance.engine import screen_draft
    from talapker.filings.models import DonorTotal, ReportVersion
    from talapker.filings.services import draft_open, draft_replace

    election = fund.election
    election.rules = election.rules | {"fund_cap_ci": 4000}  # 400,000 som
    election.save()
    fund.refresh_from_db()
    pins = ["21503198500400", "21503198500401"]
    for pin in pins:
        person(pin, "Бакиев", "Асан", "1985-03-15")
    name = "Бакиев Асан"
    gifts = [gift(1, pins[0], name, "150000.00"), gift(2, pins[0], name, "60000.00"),
             gift(3, pins[1], name, "199000.00"), gift(4, "", "Аноним", "1000.01")]  # fmt: skip
    draft = draft_open(fund, "final", *PERIOD, None)
    draft_replace(draft, ReportData(tuple(gifts), ()))
    money = {"DONOR_CAP_EXCEEDED", "FUND_CAP_EXCEEDED"}
    before = {(f["rule"], str(f["line"])) for f in screen_draft(draft) if f["rule"] in money}
    assert before == {("DONOR_CAP_EXCEEDED", "2"), ("FUND_CAP_EXCEEDED", "None")}
    assert not DonorTotal.objects.filter(version=draft).exists()

    found = file_and_screen(fund, gifts)
    assert {k for k in found if k[0] in money} == before
    version = ReportVersion.objects.filter(state="filed").get()
    kept = DonorTotal.objects.filter(version=version)
    assert kept.count() == 3  # two donors and the anonymous one
    assert kept.aggregate(s=Sum("cents"))["s"] == 41_000_001
    assert kept.get(donor_id=pins[0]).rows == 2


def test_a_foreign_founder_whose_share_the_register_leaves_empty_is_foreign_participation(
    fund,
) -> None:
    """Any foreign participation disqualifies a donor, so one of unknown size does too, through
    a Kyrgyz company with an empty share as well; the explanation shows the size as unknown."""
    entity("01001201010030", "ОсОО Ачык")
    founder("01001201010030", "international", "", "Open Society Foundations", "USA", "")
    entity("01001201010031", "ОсОО Жабык")
    entity("01001201010032", "ОсОО Ортоңку")
    founder("01001201010031", "entity", "01001201010032", "ОсОО Ортоңку", "KGZ", "")
    founder("01001201010032", "person", "AB7654321", "John Smith", "GBR", "100")
    found = file_and_screen(fund, [
        gift(1, "01001201010030", "ОсОО Ачык", "1000.00", "legal_entity"),
        gift(2, "01001201010031", "ОсОО Жабык", "1000.00", "legal_entity"),
    ])  # fmt: skip
    assert {k for k in found if k[0] != "PROHIBITED_NOT_REFUNDED"} == {
        ("ENTITY_FOREIGN_PARTICIPATION", "1"), ("ENTITY_FOREIGN_PARTICIPATION", "2"),
    }  # fmt: skip
    first = found[("ENTITY_FOREIGN_PARTICIPATION", "1")]
    assert "of 0 + ?%" in first["explanation"]["en"]
    assert first["evidence"]["chains"][0]["founder"]["share"] == "?"
    chain = found[("ENTITY_FOREIGN_PARTICIPATION", "2")]["evidence"]["chains"][0]["chain"]
    assert chain == [
        {"inn": "01001201010031", "share": "100"},
        {"inn": "01001201010032", "share": "?"},
    ]
