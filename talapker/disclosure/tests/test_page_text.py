"""The public pages write their data in the page's language and keep the text's shape:
regions by their name in each language, the programme excerpt with its line breaks."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from talapker.core.regions import region_name
from talapker.disclosure.tests.scenario import Scenario


def url(language: str, name: str, *args: object) -> str:
    with translation.override(language):
        return reverse(f"disclosure:{name}", args=args)


@pytest.mark.parametrize(
    ("language", "shown", "absent"),
    [
        ("ky", "Ош облусу", "Ошская область"),
        ("ru", "Ошская область", "Ош облусу"),
        ("en", "Osh Region", "Ош облусу"),
    ],
)
def test_a_region_shows_in_the_page_language(
    client, scenario: Scenario, language: str, shown: str, absent: str
) -> None:
    code = scenario.election.code
    party = client.get(url(language, "party", code, "umut")).content.decode()
    candidate = client.get(url(language, "candidate", code, "umut", 2)).content.decode()
    for page in (party, candidate):
        assert shown in page
        assert absent not in page


def test_a_region_is_known_by_any_of_its_names() -> None:
    assert region_name("  ош   ОБЛУСУ ", "ru") == "Ошская область"
    assert region_name("Город Бишкек", "ky") == "Бишкек шаары"
    assert region_name("Chui Region", "ky") == "Чүй облусу"
    # a name that is no known region is shown as the register wrote it
    assert region_name("Кара-Суу району", "ru") == "Кара-Суу району"
