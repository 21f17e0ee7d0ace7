"""The same report read from CSV, XLSX and JSON is the same data, as filed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from talapker.filings.formats.csvfiles import read_csv_report
from talapker.filings.formats.jsonbody import read_json_body, read_json_report
from talapker.filings.formats.model import ReportData
from talapker.filings.formats.registry import report_read
from talapker.filings.formats.xlsx import read_xlsx_report
from talapker.filings.tests.conftest import sample


def from_csv() -> ReportData:
    return read_csv_report(sample("contributions.csv"), sample("expenditures.csv"))


def test_csv_xlsx_and_json_renderings_of_one_report_give_equal_data() -> None:
    csv_data = from_csv()
    assert read_xlsx_report(sample("report.xlsx")) == csv_data
    assert read_json_report(sample("report.json")).data == csv_data


def test_amounts_are_exact_decimals_with_two_places_whatever_the_rendering() -> None:
    for data in (from_csv(), read_xlsx_report(sample("report.xlsx"))):
        assert [str(row.amount) for row in data.contributions][:3] == [
            "15000.00",
            "5000.00",
            "250000.50",
        ]
        assert data.expenditures[2].amount == Decimal("15000.25")


def test_rows_keep_kyrgyz_names_and_donor_ids_as_filed() -> None:
    data = from_csv()
    assert len(data.contributions) == 8 and len(data.expenditures) == 6
    first = data.contributions[0]
    assert first.donor_name == "Асанов Бакыт Өмүрбекович"
    assert first.date == dt.date(2026, 3, 2)
    assert data.contributions[4].donor_name == "Үсөнов Кеңешбек Ормонович"
    # A missing and a malformed id are stored as filed: screening flags them, not the reader.
    assert data.contributions[5].donor_id == ""
    assert data.contributions[6].donor_id == "2150319850012"
    assert data.expenditures[4].category == "refund"


def test_the_json_body_carries_the_report_kind_and_period() -> None:
    report = read_json_report(sample("report.json"))
    assert report.kind == "interim"
    assert (report.period_from, report.period_to) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_a_body_already_parsed_with_float_amounts_reads_the_same() -> None:
    import json

    body = json.loads(sample("report.json").data)  # floats, as a web framework parses them
    assert read_json_body(body).data == from_csv()


def test_the_registry_reads_every_format_to_the_same_data() -> None:
    expected = from_csv()
    uploads = {
        "csv": {
            "contributions": sample("contributions.csv"),
            "expenditures": sample("expenditures.csv"),
        },
        "xlsx": {"workbook": sample("report.xlsx")},
        "json": {"body": sample("report.json")},
    }
    for name, given in uploads.items():
        assert report_read(name, given) == expected, name
