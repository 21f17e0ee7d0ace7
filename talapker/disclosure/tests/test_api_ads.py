"""The election's political ads through the API: filtered as the ads page, paged by cursor,
as CSV and XLSX, refused clearly when asked wrong, and never with a PIN."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from talapker.ads.models import Ad
from talapker.ads.tests.conftest import registers  # noqa: F401 (a fixture)
from talapker.disclosure.tests import ads_story

pytestmark = pytest.mark.django_db
URL = "/api/v1/elections/jk-2026/ads"


@pytest.fixture
def story(election, registers):  # type: ignore[no-untyped-def]  # noqa: F811
    return ads_story.build(election)


def _ids(client: Client, **params: Any) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return [row["ad_id"] for row in response.json()["results"]]


def test_the_url_is_named() -> None:
    assert reverse("api-ads", kwargs={"election": "jk-2026"}) == URL


def test_every_ad_is_listed_with_spend_as_exported_and_in_som(client: Client, story) -> None:
    rows = {r["ad_id"]: r for r in client.get(URL).json()["results"]}
    assert sorted(rows) == ["fb-1001", "fb-1002", "fb-1003", "fb-1004", "fb-1005"]
    ad = rows["fb-1002"]
    assert ad == {
        "ad_id": "fb-1002",
        "platform": "instagram",
        "page_name": "Ata-Jurt Jashtary",
        "payer": "Media Service LLC",
        "payer_kind": "legal_entity",
        "party": "ata-jurt",
        "start_date": "2026-10-12",
        "end_date": None,
        "spend_lower": "500.00",
        "spend_upper": "999.00",
        "currency": "USD",
        "spend_lower_kgs": "43718.75",
        "spend_upper_kgs": "87350.06",
        "impressions_lower": 50000,
        "impressions_upper": 59999,
        "findings": "AD_THIRD_PARTY_PAYER",  # confirmed
    }
    assert rows["fb-1004"]["payer_kind"] == "person"
    assert rows["fb-1004"]["findings"] == ""  # its finding is open: not published
    assert rows["fb-1005"]["impressions_lower"] is None


def test_filters(client: Client, story) -> None:
    assert _ids(client, party="yntymak") == ["fb-1004", "fb-1005"]
    assert _ids(client, platform="instagram") == ["fb-1002"]
    assert _ids(client, payer_kind="person") == ["fb-1004"]
    assert _ids(client, payer="ASANOV") == ["fb-1004"]
    assert _ids(client, date_to="2026-10-06") == ["fb-1001"]
    assert _ids(client, date_from="2026-11-02") == ["fb-1002", "fb-1005"]
    top = Ad.objects.get(ad_id="fb-1004").spend_upper_kgs
    assert _ids(client, spend_min=str(top)) == ["fb-1004"]
    assert _ids(client, rule="ad_third_party_payer") == ["fb-1002"]
    assert _ids(client, party="no-such-party") == []


def test_bad_parameters_are_400(client: Client, story) -> None:
    for params in (
        {"date_from": "2026-02-30"},
        {"spend_min": "lots"},
        {"payer_kind": "alien"},
        {"colour": "red"},
        {"format": "pdf"},
        {"cursor": "garbage"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 400, params
        assert response.json(), params


def test_pages_by_cursor(client: Client, story) -> None:
    seen: list[str] = []
    response = client.get(URL, {"page_size": 2}).json()
    while True:
        seen += [row["ad_id"] for row in response["results"]]
        if not response["next"]:
            break
        response = client.get(response["next"]).json()
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 5


def test_exports_csv_and_xlsx_with_the_filters(client: Client, story) -> None:
    response = client.get(URL, {"format": "csv", "party": "yntymak"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["ad_id"] for r in rows] == ["fb-1004", "fb-1005"]
    assert rows[0]["payer"] == "Асанов Бакыт Жумабекович"
    assert ads_story.PIN not in text
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "ad_id" and len(values) == 6
    assert ads_story.PIN not in repr(values)


def test_no_pin_in_json(client: Client, story) -> None:
    assert ads_story.PIN not in client.get(URL).content.decode()


def test_an_unknown_election_is_404(client: Client, db) -> None:
    assert client.get("/api/v1/elections/nope/ads").status_code == 404
