"""The ads tests read refusals in English (as a page under /en/ would) and share the
sample election (jk-2026: «Ата-Журт Кыргызстан», «Ишеним», «Ынтымак»), the recorded
sample files, and a few register rows for the payers to be found in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from talapker.core.names import entity_name_key, name_key
from talapker.registers.models import LegalEntity, Person

SAMPLES = Path(__file__).parent / "samples"
ADS = SAMPLES / "ads.csv"
NEWER = SAMPLES / "ads-newer.csv"
RATES = SAMPLES / "rates.csv"
META = SAMPLES / "meta-ads-archive.json"
GOOGLE = SAMPLES / "google-political-ads-creative-stats.csv"

MEDIA_SERVICE = "01234567890123"  # ОсОО «Медиа Сервис», paid for a Latin-named ad
ISHENIM_MEDIA = "02345678901234"  # ОсОО «Ишеним Медиа Групп», named like a party
ATA_JURT_PARTY = "03456789012345"  # the registration of the party «Ата-Журт Кыргызстан»
MEDIA_PLUS = "04567890123456"
ASANOV = "20512198500123"  # Асанов Бакыт Жумабекович


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def entity(inn: str, name: str, form: str = "llc", country: str = "KGZ") -> LegalEntity:
    return LegalEntity.objects.create(
        inn=inn,
        name=name,
        legal_form=form,
        country=country,
        registration_date=dt.date(2015, 1, 1),
        state_share=Decimal("0"),
        name_key=entity_name_key(name),
    )


def person(pin: str, surname: str, name: str, patronymic: str = "") -> Person:
    return Person.objects.create(
        pin=pin,
        surname=surname,
        name=name,
        patronymic=patronymic,
        birth_date=dt.date(1985, 12, 5),
        sex="M",
        citizenship="KGZ",
        biometric=True,
        name_key=name_key(surname, name, patronymic),
        pin_consistent=True,
        holds_kgz=True,
        citizenship_count=1,
    )


@pytest.fixture
def registers(db: None) -> None:
    entity(MEDIA_SERVICE, "ОсОО «Медиа Сервис»")
    entity(ISHENIM_MEDIA, "ОсОО «Ишеним Медиа Групп»")
    entity(ATA_JURT_PARTY, "Саясий партия «Ата-Журт Кыргызстан»", form="party")
    entity(MEDIA_PLUS, "ОсОО «МедиаПлюс»")
    person(ASANOV, "Асанов", "Бакыт", "Жумабекович")
    person("10101199000456", "Токтогулова", "Айзада", "Маратовна")
