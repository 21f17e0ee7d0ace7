"""Every register imports its recorded sample, with the values the file gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from talapker.registers.models import (
    Conviction,
    Diploma,
    Founder,
    LanguageCertificate,
    LegalEntity,
    Person,
    RegisterSnapshot,
    TaxDebtor,
)
from talapker.registers.services import register_import
from talapker.registers.specs import REGISTERS
from talapker.registers.tests.conftest import sample, sample_lines

pytestmark = pytest.mark.django_db

MODELS = {
    "population": Person,
    "legal_entities": LegalEntity,
    "founders": Founder,
    "tax_debtors": TaxDebtor,
    "convictions": Conviction,
    "language_certificates": LanguageCertificate,
    "diplomas": Diploma,
}


def test_every_register_kind_has_a_model_here_and_a_sample() -> None:
    assert set(MODELS) == set(REGISTERS)
    for kind, model in MODELS.items():
        assert REGISTERS[kind].model is model
        assert sample(kind).exists()


@pytest.mark.parametrize("kind", list(MODELS))
def test_each_sample_imports_every_row_and_records_the_snapshot(kind: str) -> None:
    snapshot = register_import(kind, sample(kind), imported_by="test")

    rows = len(sample_lines(kind)) - 1
    assert MODELS[kind].objects.count() == rows
    assert snapshot.row_count == rows
    assert snapshot.kind == kind
    assert snapshot.file_name == f"{kind}.csv"
    assert len(snapshot.sha256) == 64
    assert snapshot.imported_by == "test"
    assert RegisterSnapshot.objects.get() == snapshot


def test_a_population_row_keeps_the_register_values() -> None:
    register_import("population", sample("population"))

    person = Person.objects.get(pin="21611195900123")
    assert (person.surname, person.name, person.patronymic) == (
        "Жээнбеков",
        "Сооронбай",
        "Шарипович",
    )
    assert person.birth_date == dt.date(1959, 11, 16)
    assert person.sex == "M"
    assert person.citizenship == "KGZ"
    assert person.death_date is None
    assert person.biometric is True
    assert person.residence_since == dt.date(1959, 11, 16)
    assert (person.region, person.precinct) == ("Ош облусу", "5102")
    assert person.pin_consistent is True


def test_empty_optional_population_values_are_stored_as_empty() -> None:
    register_import("population", sample("population"))

    stateless = Person.objects.get(pin="11707200100203")
    assert stateless.citizenship == ""
    assert stateless.residence_since is None
    deceased = Person.objects.get(pin="12505197200064")
    assert deceased.death_date == dt.date(2024, 2, 10)
    assert deceased.precinct == ""
    assert deceased.patronymic == ""
    assert deceased.biometric is False


def test_a_quoted_value_with_a_comma_is_one_value() -> None:
    register_import("population", sample("population"))

    assert Person.objects.get(pin="20404196800312").region == "Бишкек, Свердлов району"


def test_citizenship_is_kept_as_written_and_queryable_as_facts() -> None:
    register_import("population", sample("population"))

    dual = Person.objects.get(pin="20112199000551")
    assert dual.citizenship == "KGZ;RUS"
    assert dual.citizenship_codes == ["KGZ", "RUS"]
    assert (dual.holds_kgz, dual.citizenship_count) == (True, 2)
    stateless = Person.objects.filter(citizenship_count=0)
    assert [p.pin for p in stateless] == ["11707200100203"]
    assert all(p.is_stateless for p in stateless)
    foreign_only = Person.objects.filter(holds_kgz=False, citizenship_count__gt=0)
    assert sorted(p.pin for p in foreign_only) == ["20404196800312", "21010198000128"]
    assert all(p.is_foreign_only for p in foreign_only)


def test_legal_entities_keep_quotes_forms_dates_and_exact_shares() -> None:
    register_import("legal_entities", sample("legal_entities"))

    telecom = LegalEntity.objects.get(inn="00511199810023")
    assert telecom.name == 'ААК "Кыргызтелеком"'
    assert telecom.legal_form == "jsc"
    assert telecom.state_share == Decimal("77.84")
    closed = LegalEntity.objects.get(inn="10203201400051")  # an INN not starting with 0
    assert closed.liquidation_date == dt.date(2022, 12, 31)
    assert closed.state_share is None
    assert LegalEntity.objects.get(inn="00909201900062").country == "GBR"


def test_founders_keep_foreign_identifiers_and_fractional_shares() -> None:
    register_import("founders", sample("founders"))

    assert Founder.objects.filter(entity_inn="02107201010017").count() == 2
    foreign = Founder.objects.get(founder_id="AB1234567")
    assert (foreign.founder_kind, foreign.country, foreign.share) == ("person", "RUS", Decimal(40))
    state = Founder.objects.get(founder_kind="state")
    assert state.founder_id == ""
    assert Founder.objects.get(founder_id="20112199000551").share == Decimal("33.3333")
    assert Founder.objects.get(founder_kind="international").share is None


def test_tax_debts_are_exact_decimals() -> None:
    register_import("tax_debtors", sample("tax_debtors"))

    debts = {(d.inn, d.creditor): d.debt_kgs for d in TaxDebtor.objects.all()}
    assert debts[("02107201010017", "tax")] == Decimal("150000.00")
    assert debts[("02107201010017", "social_fund")] == Decimal("12500.50")
    assert debts[("10506198800935", "tax")] == Decimal("3200")  # a sole trader, by PIN
    assert debts[("00909201900062", "tax")] == Decimal("0.01")
    assert TaxDebtor.objects.first().as_of == dt.date(2026, 9, 30)


def test_convictions_certificates_and_diplomas_are_joined_by_pin() -> None:
    for kind in ("convictions", "language_certificates", "diplomas"):
        register_import(kind, sample(kind))

    assert Conviction.objects.get(pin="20404196800312").expunged is True
    assert Conviction.objects.get(pin="21010198000128").expunged is False
    assert LanguageCertificate.objects.get(pin="21611195900123").level == "C1"
    assert Diploma.objects.get(pin="20112199000551").level == "vocational"
    assert Diploma.objects.get(pin="12505197200064").issued == dt.date(1989, 6, 24)


def test_unknown_extra_columns_are_ignored_and_column_order_is_free(write_file) -> None:
    lines = ["level,extra,issued,pin"] + [
        f"{level},x,{issued},{pin}"
        for pin, level, issued in (line.split(",") for line in sample_lines("diplomas")[1:])
    ]
    register_import("diplomas", write_file("diplomas", "\n".join(lines) + "\n"))

    assert Diploma.objects.get(pin="21611195900123").level == "higher"
    assert Diploma.objects.count() == 4


def test_a_utf8_byte_order_mark_is_tolerated(write_file) -> None:
    path = write_file("diplomas", sample("diplomas").read_text(encoding="utf-8"), "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    register_import("diplomas", path)

    assert Diploma.objects.count() == 4


def test_blank_lines_and_windows_line_ends_are_read(write_file) -> None:
    lines = sample_lines("convictions")
    text = "\r\n".join([*lines[:2], "", *lines[2:]])
    register_import("convictions", write_file("convictions", text + "\r\n"))

    assert Conviction.objects.count() == 3
