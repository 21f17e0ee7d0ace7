"""The API's lists behave alike: every list exports CSV, with its header even when it has no
rows and with exactly the JSON's fields when it has; the OpenAPI document says what each
list really needs and returns. Lists are read from the URLconf, so new ones are covered."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.mixins import ListModelMixin

from talapker.ads.services import ads_import
from talapker.ads.tests.conftest import SAMPLES as ADS_SAMPLES
from talapker.audit.roots import roots_seal
from talapker.banking.tests import money
from talapker.compliance.engine import screen
from talapker.compliance.models import Finding
from talapker.compliance.services import finding_review
from talapker.core.api.exports import flatten
from talapker.disclosure import api_urls
from talapker.filings.services import report_file
from talapker.results.files import import_protocols
from talapker.voters.precincts import precincts_import
from talapker.voters.tests.test_register import SAMPLES as VOTER_SAMPLES

pytestmark = pytest.mark.django_db

VALUES = {"election": "jk-2026", "party": "ata-jurt", "fund": "ata-jurt"}


def _lists() -> list[URLPattern]:
    found = []
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view = getattr(pattern.callback, "cls", None)
        if view is not None and issubclass(view, ListModelMixin):
            found.append(pattern)
    return found


def _url(pattern: URLPattern) -> str:
    names = pattern.pattern.converters  # type: ignore[attr-defined]
    return reverse(pattern.name, kwargs={name: VALUES[name] for name in names})


def _csv(client: Client, url: str) -> tuple[list[str], list[dict[str, str]]]:
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


JSON_CELLS = {"votes", "preferences"}


@pytest.fixture
def filled(fund):  # type: ignore[no-untyped-def]
    """Every list has rows: a filed report, imported ads, and a finding the commission
    confirmed."""
    report_file(fund, "interim", *money.PERIOD, money.REPORT, channel="cli", actor="t")
    ads_import(fund.election, ADS_SAMPLES / "ads.csv", ADS_SAMPLES / "rates.csv", actor="t")
    screen(fund.election, trigger="test")
    finding_review(Finding.objects.public().filter(fund=fund).first(), "confirmed", "ok", actor="a")
    precincts_import(VOTER_SAMPLES / "precincts.csv")
    night = {"precinct": "1001", "registered": 9, "ballots_received": 9, "ballots_issued": 5,
             "biometric_identified": 5, "ballots_in_box": 5, "invalid": 0, "against_all": 0,
             "votes": {"ata-jurt": 3, "ishenim": 2}}  # fmt: skip
    import_protocols(fund.election, [("1001.json", json.dumps(night).encode())], actor="t")
    roots_seal(today=timezone.localdate() + dt.timedelta(days=1))  # the audit log's day, sealed
    return fund


def test_every_list_is_found() -> None:
    names = {p.name for p in _lists()}
    assert {"api-elections", "api-parties", "api-candidates", "api-funds"} <= names
    assert {"api-reports", "api-findings"} <= names


@pytest.mark.parametrize("name", sorted(p.name for p in _lists()))
def test_an_empty_csv_export_still_has_its_header(
    client: Client, filled, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    [pattern] = [p for p in _lists() if p.name == name]
    url = _url(pattern)
    full, _rows = _csv(client, url)
    view = pattern.callback.cls  # type: ignore[attr-defined]
    monkeypatch.setattr(view, "filter_queryset", lambda self, queryset: queryset.none())
    header, rows = _csv(client, url)
    assert rows == []
    assert header == full, f"{url}: an empty export has another header, or none"


@pytest.mark.parametrize("name", sorted(p.name for p in _lists()))
def test_the_csv_header_is_the_json_rows_fields(client: Client, filled, name: str) -> None:
    [pattern] = [p for p in _lists() if p.name == name]
    url = _url(pattern)
    header, rows = _csv(client, url)
    results: list[dict[str, Any]] = client.get(url).json()["results"]
    assert results and rows, f"{url} has no rows to compare"
    # A protocol's votes are an object keyed by the election's parties: one JSON cell in a
    # file, whose columns cannot depend on the election (results/api.py JsonObjectField).
    row = {k: (json.dumps(v) if k in JSON_CELLS else v) for k, v in results[0].items()}
    assert header == list(flatten(row)), url
    assert len(rows) == len(results)


def test_the_empty_elections_export_names_every_rule_parameter(client: Client, db) -> None:
    from talapker.elections.parameters import PARAMETERS

    header, rows = _csv(client, "/api/v1/elections")
    assert rows == []
    assert {f"rules.{p.key}" for p in PARAMETERS} <= set(header)
    assert {"code", "name.ky", "name.ru", "name.en", "election_day"} <= set(header)


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


def test_openapi_says_public_lists_need_no_authentication() -> None:
    paths = _schema()["paths"]
    for path, operations in paths.items():
        get = operations.get("get")
        if get and path.startswith("/api/v1/elections"):
            assert {} in get.get("security", [{}]), f"GET {path} is public"
    post = paths["/api/v1/elections/{election}/funds/{fund}/reports"]["post"]
    assert {} not in post["security"]


def test_openapi_lists_open_by_fund_on_the_findings_page() -> None:
    schema = _schema()
    ref = schema["paths"]["/api/v1/elections/{election}/findings"]["get"]["responses"]["200"]
    name = ref["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    page = schema["components"]["schemas"][name]["properties"]
    assert page["open_by_fund"]["additionalProperties"] == {"type": "integer"}
    finding = schema["components"]["schemas"]["Finding"]["properties"]
    assert finding["explanation"]["allOf"] == [{"$ref": "#/components/schemas/Texts"}]


def test_the_served_openapi_document_is_the_generated_one(client: Client) -> None:
    served = client.get("/api/v1/openapi.json").json()
    assert "open_by_fund" in str(served["components"]["schemas"])
