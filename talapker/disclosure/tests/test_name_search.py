"""Party search by name folds case and script on SQLite and PostgreSQL alike: «Ата Мекен» is
found by `мекен`, `МЕКЕН`, `Мекен` and Latin `meken` (SQLite's LIKE folds ASCII only, so a
search on the names themselves missed lower-case Cyrillic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from talapker.parties.models import Party

pytestmark = pytest.mark.django_db
URL = "/api/v1/elections/jk-2026/parties"


def _codes(client: Client, name: str) -> list[str]:
    response = client.get(URL, {"name": name})
    assert response.status_code == 200, response.content
    return sorted(p["code"] for p in response.json()["results"])


@pytest.fixture
def mekens(election):  # type: ignore[no-untyped-def]
    for code, ky, ru, en, number in (
        ("ata-meken", "Ата Мекен", "Ата Мекен", "Ata Meken", "4001-3301-ПП"),
        ("mekenim", "Мекеним Кыргызстан", "Мекеним Кыргызстан", "Mekenim Kyrgyzstan", "4002"),
    ):
        Party.objects.create(
            election=election,
            code=code,
            name_ky=ky,
            name_ru=ru,
            name_en=en,
            registration_no=number,
            leader="—",
        )
    return election


@pytest.mark.parametrize("name", ["мекен", "МЕКЕН", "Мекен", "meken", "MEKEN", "мЕкЕн"])
def test_any_case_and_script_finds_both_mekens(client: Client, mekens, name: str) -> None:
    assert _codes(client, name) == ["ata-meken", "mekenim"]


@pytest.mark.parametrize("name", ["ата мекен", "АТА-МЕКЕН", "Ata Meken", "ата  мекен"])
def test_two_words_find_the_one_party(client: Client, mekens, name: str) -> None:
    assert _codes(client, name) == ["ata-meken"]


def test_a_search_matches_within_one_name_never_across_two(client: Client, mekens) -> None:
    # the Kyrgyz name ends in "кыргызстан", the Russian begins with "мекеним"
    assert _codes(client, "кыргызстан мекеним") == []


def test_names_loaded_from_a_folder_are_searchable_and_follow_a_rename(
    client: Client, election_folder: Path
) -> None:
    call_command("load_election", str(election_folder))
    assert _codes(client, "единство") == ["yntymak"]  # Russian name, lower case
    assert _codes(client, "ЫНТЫМАК") == ["yntymak"]
    assert _codes(client, "yntymak") == ["yntymak"]  # Latin spelling of the Kyrgyz name
    parties = election_folder / "parties.csv"
    parties.write_text(
        parties.read_text(encoding="utf-8").replace("Единство", "Согласие"), encoding="utf-8"
    )
    call_command("load_election", str(election_folder))
    assert _codes(client, "единство") == []
    assert _codes(client, "согласие") == ["yntymak"]


def test_punctuation_alone_finds_nothing(client: Client, mekens) -> None:
    assert _codes(client, "--") == []
