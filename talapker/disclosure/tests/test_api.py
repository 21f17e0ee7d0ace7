"""The public read-only API: elections, parties, candidates; cursor pages, CSV export,
OpenAPI; and never a PIN or birth date."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from talapker.parties.models import Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(election_folder: Path) -> Path:
    call_command("load_election", str(election_folder))
    return election_folder


def test_elections_list_gives_names_in_three_languages_and_key_dates(
    client: Client, loaded: Path
) -> None:
    body = client.get("/api/v1/elections").json()
    assert set(body) == {"next", "previous", "results"}
    [election] = body["results"]
    assert election["code"] == "jk-2026"
    assert election["name"] == {
        "ky": "Жогорку Кеңешке шайлоо 2026",
        "ru": "Выборы в Жогорку Кенеш 2026",
        "en": "Jogorku Kenesh election 2026",
    }
    assert election["interim_report_due"] == "2026-11-19"
    assert election["final_report_due"] == "2026-12-09"
    assert election["rules"]["calculated_index_kgs"] == "100.00"


def test_elections_filter_by_kind(client: Client, loaded: Path) -> None:
    assert client.get("/api/v1/elections?kind=presidential").json()["results"] == []
    assert len(client.get("/api/v1/elections?kind=parliamentary").json()["results"]) == 1


def test_parties_come_in_ballot_order_once_drawn(client: Client, loaded: Path) -> None:
    for position, code in enumerate(["yntymak", "ata-jurt", "ishenim"], start=1):
        Party.objects.filter(code=code).update(ballot_position=position)
    body = client.get("/api/v1/elections/jk-2026/parties").json()
    assert [(p["ballot_position"], p["code"]) for p in body["results"]] == [
        (1, "yntymak"),
        (2, "ata-jurt"),
        (3, "ishenim"),
    ]
    assert body["results"][1]["candidate_count"] == 3
    assert body["results"][1]["has_programme"] is True


def test_party_search_by_name_in_any_language(client: Client, loaded: Path) -> None:
    codes = [
        p["code"]
        for p in client.get("/api/v1/elections/jk-2026/parties?name=Единство").json()["results"]
    ]
    assert codes == ["yntymak"]


def test_candidates_show_birth_year_and_never_pin_or_birth_date(
    client: Client, loaded: Path
) -> None:
    response = client.get("/api/v1/elections/jk-2026/parties/ata-jurt/candidates")
    first = response.json()["results"][0]
    assert first == {
        "party": "ata-jurt",
        "position": 1,
        "surname": "Ташиев",
        "name": "Камчыбек",
        "patronymic": "Асанович",
        "full_name": "Ташиев Камчыбек Асанович",
        "birth_year": 1978,
        "sex": "M",
        "region": "Жалал-Абад облусу",
        "registration": "pending",
        "refusal_rule": "",
        "refusal_article": "",
    }
    text = response.content.decode()
    assert "21005197800123" not in text
    assert "1978-05-10" not in text


def test_cursor_pages_cover_every_row_once(client: Client, loaded: Path) -> None:
    url = "/api/v1/elections/jk-2026/parties/ata-jurt/candidates?page_size=2"
    positions: list[int] = []
    while url:
        body = client.get(url).json()
        positions += [c["position"] for c in body["results"]]
        url = body["next"]
    assert positions == [1, 2, 3]


def test_csv_export_streams_every_row_without_paging(client: Client, loaded: Path) -> None:
    response = client.get(
        "/api/v1/elections/jk-2026/parties/ata-jurt/candidates?format=csv&page_size=1"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["position"] for r in rows] == ["1", "2", "3"]
    assert "pin" not in rows[0] and "birth_date" not in rows[0]


def test_csv_export_flattens_names_and_applies_filters(client: Client, loaded: Path) -> None:
    response = client.get("/api/v1/elections/jk-2026/parties?format=csv&code=ishenim")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["code"], r["name.ky"], r["name.en"]) for r in rows] == [
        ("ishenim", "Ишеним", "Ishenim")
    ]


def test_details_and_unknown_codes(client: Client, loaded: Path) -> None:
    assert client.get("/api/v1/elections/jk-2026").json()["kind"] == "parliamentary"
    assert client.get("/api/v1/elections/jk-2026/parties/ishenim").json()["leader"] == (
        "Жээнбекова Айгүл Сапаровна"
    )
    candidate = client.get("/api/v1/elections/jk-2026/parties/ishenim/candidates/1").json()
    assert candidate["full_name"] == "Жээнбекова Айгүл Сапаровна"
    assert client.get("/api/v1/elections/nope").status_code == 404
    assert client.get("/api/v1/elections/jk-2026/parties/nope/candidates").status_code == 404
    assert client.get("/api/v1/elections/jk-2026/parties/ishenim/candidates/9").status_code == 404


def test_openapi_document_lists_every_public_path(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Talapker API"
    assert {
        "/api/v1/elections",
        "/api/v1/elections/{election}",
        "/api/v1/elections/{election}/parties",
        "/api/v1/elections/{election}/parties/{party}/candidates",
    } <= set(schema["paths"])
    candidate = schema["components"]["schemas"]["Candidate"]["properties"]
    assert "pin" not in candidate and "birth_date" not in candidate


def test_docs_page_is_served_from_our_own_static_files(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "https://" not in html.split("<body>")[1]  # no CDN


@pytest.mark.django_db
def test_the_api_s_own_errors_come_in_kyrgyz_too(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/bank/statements", b"x", content_type="text/plain",
                           HTTP_ACCEPT_LANGUAGE="ky")  # fmt: skip
    assert response.json()["detail"] == "Аутентификация маалыматтары берилген жок."
    response = client.post("/api/v1/bank/statements", b"x", content_type="text/plain",
                           HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.json()["detail"] == "Учётные данные не предоставлены."
