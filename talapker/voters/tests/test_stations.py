"""The public pages and API of the stations: counts per station, country and reason, never a
person; the planning figures abroad; the staff page of builds and their changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.elections.models import Election
from talapker.registers.models import Person
from talapker.voters.abroad import abroad_import
from talapker.voters.build import register_build
from talapker.voters.tests.test_register import HEADER, people  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(people: Election, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> Election:  # noqa: F811
    register_build(people, trigger="test")
    path = tmp_path / "abroad.csv"
    path.write_text(
        HEADER
        + "21503198500001,TUR,Стамбул,9001,2026-09-10,mobile_group\n"
        + "11503198500010,TUR,Стамбул,9001,2026-09-17,consulate\n"
        + "21503198500005,TUR,Анкара,9001,2026-09-18,consulate\n"
        + "22911200800002,TUR,Стамбул,9001,2026-09-18,consulate\n",
        "utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        abroad_import(people, path, actor="consul")
    return people


def test_the_stations_page_counts_voters_and_names_no_one(built: Election) -> None:
    page = Client().get("/ky/elections/jk-2026/precincts/").content.decode()
    assert "Стамбулдагы башкы консулдук" in page and "Түркия" in page
    assert "openstreetmap.org/?mlat=41.050600" in page
    assert "21503198500001" not in page and "Асанов" not in page
    assert "Түркия: 4" in page  # every voter of the sample is registered in Türkiye
    turkey = Client().get("/ru/elections/jk-2026/precincts/?country=TUR").content.decode()
    assert "Генконсульство в Стамбуле" in turkey and "Школа №1" not in turkey


def test_the_api_lists_stations_with_their_voters(built: Election) -> None:
    body = Client().get("/api/v1/elections/jk-2026/precincts?country=TUR").json()
    (istanbul,) = body["results"]
    assert (istanbul["code"], istanbul["voters"], istanbul["abroad_registered"]) == ("9001", 4, 4)
    assert istanbul["map"].startswith("https://www.openstreetmap.org/")
    response = Client().get("/api/v1/elections/jk-2026/precincts?format=csv")
    csv = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert csv.count("\n") == 6  # the header and five stations


def test_planning_abroad_shows_an_overfull_station(built: Election) -> None:
    page = Client().get("/en/elections/jk-2026/precincts/abroad/").content.decode()
    assert "voters: 4, places: 3 (133%)" in page  # the Istanbul station holds 3
    # In Russian, with no noun after a number it would have to agree with.
    ru = Client().get("/ru/elections/jk-2026/precincts/abroad/").content.decode()
    assert "избирателей: 4, мест: 3 (133%)" in ru
    assert "mobile groups: 1" in page and "consulates: 3" in page
    assert "Moscow" not in page or "9002" in page


def test_staff_see_who_a_new_snapshot_moved(built: Election, client: Client) -> None:
    url = "/en/staff/voters/jk-2026/register/"
    assert client.get(url).status_code == 302
    Person.objects.filter(pin="21503198500007").update(biometric=True)
    register_build(built, trigger="snapshot")
    sign_in(client, make_user("auditor", Role.AUDITOR))
    page = client.get(url).content.decode()
    assert "21503198500007" in page and "added" in page
