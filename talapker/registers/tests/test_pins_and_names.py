"""What the import computes: the PIN check and the name keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talapker.core.identifiers import pin_consistent
from talapker.core.names import entity_name_key, name_key
from talapker.registers.models import Founder, LegalEntity, Person
from talapker.registers.services import register_import
from talapker.registers.specs import _pin_checker
from talapker.registers.tests.conftest import sample


@pytest.mark.django_db
def test_a_pin_that_disagrees_with_its_row_is_kept_and_marked() -> None:
    register_import("population", sample("population"))

    # 22002199500777 encodes 20.02.1995; the row says 1995-01-20.
    wrong_date = Person.objects.get(pin="22002199500777")
    assert str(wrong_date.birth_date) == "1995-01-20"
    assert wrong_date.pin_consistent is False
    # 10506198800935 encodes a woman; the row says M.
    wrong_sex = Person.objects.get(pin="10506198800935")
    assert wrong_sex.sex == "M"
    assert wrong_sex.pin_consistent is False
    assert Person.objects.filter(pin_consistent=False).count() == 2


@pytest.mark.django_db
def test_every_person_gets_the_name_key_of_the_full_name() -> None:
    register_import("population", sample("population"))

    for person in Person.objects.all():
        assert person.name_key == name_key(person.surname, person.name, person.patronymic)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pin", "latin"),
    [
        ("21611195900123", "Jeenbekov Sooronbai Sharipovich"),
        ("21611195900123", "ZHEENBEKOV SOORONBAY SHARIPOVICH"),
        ("10803198500417", "Omurbekova Aigul Asan kyzy"),
        ("20112199000551", "Üsönov Chyngyz Bakyt uulu"),
        ("12909199300018", "Jusup-Bekova Bubusara Kokon kyzy"),
    ],
)
def test_cyrillic_and_latin_spellings_meet_on_the_name_key(pin: str, latin: str) -> None:
    register_import("population", sample("population"))

    assert Person.objects.filter(name_key=name_key(latin)).get().pin == pin


@pytest.mark.django_db
def test_entities_and_founders_get_name_keys() -> None:
    register_import("legal_entities", sample("legal_entities"))
    register_import("founders", sample("founders"))

    for entity in LegalEntity.objects.all():
        assert entity.name_key == entity_name_key(entity.name)
    person = Founder.objects.get(founder_id="21611195900123")
    assert person.name_key == name_key("Jeenbekov Sooronbai Sharipovich")
    entity = Founder.objects.get(founder_id="00909201900062")
    assert entity.name_key == LegalEntity.objects.get(inn="00909201900062").name_key


DATES = st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)


@given(
    st.lists(
        st.tuples(
            st.sampled_from("0123"),
            DATES,
            DATES,
            st.sampled_from(["M", "F"]),
            st.integers(0, 99_999),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_column_wise_pin_check_agrees_with_the_core_one(rows) -> None:
    pins, births, sexes = [], [], []
    for digit, encoded, born, sex, serial in rows:
        yyyy, mm, dd = encoded.split("-")
        pins.append(f"{digit}{dd}{mm}{yyyy}{serial:05d}")
        births.append(born if serial % 2 else encoded)  # half agree on the date
        sexes.append(sex)

    checked = _pin_checker()(pins, births, sexes)

    assert checked == [pin_consistent(p, b, s) for p, b, s in zip(pins, births, sexes, strict=True)]


@pytest.mark.parametrize(
    ("spelling", "other"),
    [
        ('ОсОО "Алтын Көл"', "Altyn Kol LLC"),
        ("OsOO «Altyn-Kol»", "ООО Алтын Кол"),
        ("ЖЧК Алтын Көл", "Altyn Kol Ltd"),
        ("ИП Жээнбеков", "Jeenbekov"),
    ],
)
def test_entity_name_keys_drop_the_legal_form_in_any_script(spelling: str, other: str) -> None:
    assert entity_name_key(spelling) == entity_name_key(other)
    assert entity_name_key(spelling) not in ("", "oso", "lc")


def test_an_entity_named_only_by_words_that_look_like_forms_keeps_its_other_words() -> None:
    assert entity_name_key('ОсОО "Ак-Суу Агро"') == "ak su agro"
