"""The election's contributions and expenditures through the API, as a data journalist asks
for them: filtered, paged by cursor, as CSV and XLSX, and refused clearly when asked wrong."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from talapker.banking.tests import money
from talapker.disclosure.donors import ref_for
from talapker.filings.formats.model import ReportData
from talapker.filings.services import report_file

pytestmark = pytest.mark.django_db

PINS = [c.donor_id for c in money.CONTRIBUTIONS] + [e.payee_id for e in money.EXPENDITURES]
HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def filed(fund):  # type: ignore[no-untyped-def]
    """«Ата-Журт» filed the sample report, plus a donor whose name a spreadsheet would run as
    a formula and one with a character XML cannot hold."""
    extra = (
        dataclasses.replace(money.CONTRIBUTIONS[0], line=6, donor_name=HOSTILE, amount=100),
        dataclasses.replace(money.CONTRIBUTIONS[2], line=7, donor_name="Bell\x07 -1+2", amount=7),
    )
    report = ReportData(money.CONTRIBUTIONS + extra, money.EXPENDITURES)
    report_file(fund, "interim", *money.PERIOD, report, channel="cli", actor="t")
    return fund


def _url(name: str = "api-contributions") -> str:
    return reverse(name, kwargs={"election": "jk-2026"})


def _get(client: Client, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    response = client.get(_url(kwargs.pop("name", "api-contributions")), params or {}, **kwargs)
    return response


def _lines(client: Client, **params: Any) -> list[int]:
    response = _get(client, params)
    assert response.status_code == 200, response.content
    return [row["line"] for row in response.json()["results"]]


def test_every_row_of_the_standing_report_is_listed_without_a_pin(client: Client, filed) -> None:
    response = _get(client)
    rows = response.json()["results"]
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    first = rows[0]
    assert first["party"] == "ata-jurt" and first["fund"] == "ata-jurt"
    assert first["donor_ref"] == ref_for("21503198500123")
    assert first["amount"] == "50000.00" and first["report"] == "interim"
    assert first["url"].endswith("/parties/ata-jurt/finance/contributions/1/")
    assert not any(pin and pin in response.content.decode() for pin in PINS)


def test_a_correction_replaces_the_rows_it_corrects(client: Client, filed) -> None:
    report = ReportData(money.CONTRIBUTIONS[:2], money.EXPENDITURES)
    report_file(filed, "interim", *money.PERIOD, report, channel="cli", actor="t")
    rows = _get(client).json()["results"]
    assert [(r["line"], r["version"]) for r in rows] == [(1, 2), (2, 2)]


@pytest.mark.parametrize(
    ("params", "lines"),
    [
        ({"name": "omurbekov"}, [1, 5]),  # Latin finds the Kyrgyz spelling
        ({"name": "ӨМҮРБЕКОВ нурлан"}, [1, 5]),
        ({"kind": "legal_entity"}, [2]),
        ({"amount_min": "2000", "amount_max": "50000"}, [1, 4, 5]),
        ({"date_from": "2025-10-04", "date_to": "2025-10-05"}, [3, 5, 7]),
        ({"method": "cash"}, [3, 7]),
        ({"fund": "ata-jurt", "kind": "individual", "amount_min": "1000.50"}, [1, 3, 4, 5]),
        ({"fund": "no-such-fund"}, []),
    ],
)
def test_the_filters_answer_as_the_pages_search(client: Client, filed, params, lines) -> None:
    assert _lines(client, **params) == lines


def test_a_donor_is_followed_by_public_id(client: Client, filed) -> None:
    assert _lines(client, donor=ref_for("21503198500123")) == [1, 5, 6]
    assert _lines(client, donor=ref_for("21503198500123").upper()) == [1, 5, 6]


def test_the_cursor_walks_every_row_once(client: Client, filed) -> None:
    seen: list[int] = []
    url: str | None = _url() + "?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [row["line"] for row in page["results"]]
        url = page["next"]
    assert seen == [1, 2, 3, 4, 5, 6, 7]


def test_expenditures_filter_by_category_and_payee(client: Client, filed) -> None:
    response = _get(client, {"category": "print"}, name="api-expenditures")
    [row] = response.json()["results"]
    assert row["payee_name"] == "ОсОО «Ала-Тоо Принт»" and row["amount"] == "35000.00"
    assert "00512201210045" not in response.content.decode()
    response = _get(client, {"name": "bank"}, name="api-expenditures")  # Айыл Банк
    assert [r["category"] for r in response.json()["results"]] == ["bank_fees"]


def _csv_rows(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_neutralises_a_formula_and_keeps_the_filters(client: Client, filed) -> None:
    response = _get(client, {"format": "csv", "amount_max": "100"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert [r["donor_name"] for r in rows] == ["'" + HOSTILE, "'Bell\x07 -1+2"[1:]]
    assert rows[0]["amount"] == "100.00"


def test_xlsx_opens_with_typed_cells_and_the_formula_as_text(client: Client, filed) -> None:
    response = _get(client, {"format": "xlsx"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["party", "fund", "report"]
    by_line = {row[header.index("line")]: row for row in rows[1:]}
    assert len(by_line) == 7
    hostile = by_line[6]
    assert hostile[header.index("donor_name")] == HOSTILE  # kept as filed, as text
    assert sheet.cell(row=7, column=header.index("donor_name") + 1).data_type == "s"
    assert by_line[1][header.index("amount")] == 50000
    assert by_line[1][header.index("date")].date().isoformat() == "2025-10-01"
    assert by_line[7][header.index("donor_name")] == "Bell\ufffd -1+2"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"ammount_min": "5"}, "ammount_min"),
        ({"page_size": "100000"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"format": "pdf"}, "format"),
        ({"date_from": "2025-02-30"}, "date_from"),
        ({"amount_min": "lots"}, "amount_min"),
        ({"kind": "alien"}, "kind"),
        ({"cursor": "!!!"}, None),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter_in_the_requesters_language(
    client: Client, filed, params: dict[str, str], parameter: str | None
) -> None:
    response = _get(client, params, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if parameter is None:
        assert body["code"] == "invalid_cursor"
        return
    assert parameter in body
    text = " ".join(body[parameter])
    assert any("а" <= ch <= "я" for ch in text.lower()), text  # said in Russian


def test_an_unknown_election_is_a_404(client: Client, filed) -> None:
    response = client.get(reverse("api-contributions", kwargs={"election": "nowhere"}))
    assert response.status_code == 404


def test_funds_list_their_money_under_public_ids(client: Client, filed, election) -> None:
    from talapker.funds.models import Fund

    Fund.objects.create(election=election, code="21503198500123")  # a candidate's fund
    response = client.get(reverse("api-funds", kwargs={"election": "jk-2026"}))
    rows = {row["code"]: row for row in response.json()["results"]}
    assert "21503198500123" not in response.content.decode()
    assert f"candidate-{ref_for('21503198500123')}" in rows
    ata = rows["ata-jurt"]
    assert ata["filed"] is True and ata["raised"] == "208107.50"
    assert ata["url"].endswith("/elections/jk-2026/parties/ata-jurt/finance/")
    assert rows["ishenim"]["filed"] is False and rows["ishenim"]["raised"] == "0.00"
    csv_response = client.get(
        reverse("api-funds", kwargs={"election": "jk-2026"}), {"format": "csv"}
    )
    assert "21503198500123" not in b"".join(csv_response.streaming_content).decode()
