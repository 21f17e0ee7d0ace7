"""The files every list exports: a spreadsheet never runs a filed text as a formula, and an
XLSX file holds any number of rows, typed, over as many sheets as it needs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from talapker.core.api import tabular
from talapker.core.api.tabular import Kind, as_text, csv_lines, xlsx_chunks


@pytest.mark.parametrize("text", ["=1+2", "+7", "-3", "@SUM(A1)", "\tx", "\r=y"])
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    assert as_text(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "written"),
    [("Асанов", "Асанов"), ("a=b", "a=b"), (None, ""), (True, "true"), (Decimal("1.50"), "1.50")],
)
def test_other_values_are_written_as_they_are(value: object, written: str) -> None:
    assert as_text(value) == written


def test_csv_lines_start_with_the_header() -> None:
    lines = list(csv_lines(["name", "amount"], [["=cmd|' /C calc'!A0", "10.00"]]))
    assert lines == ["name,amount\n", "'=cmd|' /C calc'!A0,10.00\n"]


def _book(chunks: object) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(chunks)))  # type: ignore[arg-type]


def test_an_xlsx_file_keeps_types_and_texts() -> None:
    kinds = [Kind.STRING, Kind.INTEGER, Kind.NUMBER, Kind.DATE, Kind.DATETIME, Kind.BOOLEAN]
    rows = [
        ['=HYPERLINK("x")', 3, "1234.50", "2026-09-01", "2026-09-01T10:30:00+06:00", True],
        ["<&>\x00", None, "not a number", "2026-02-30", "", False],
    ]
    book = _book(xlsx_chunks(["t", "i", "n", "d", "dt", "b"], kinds, rows, "rows"))
    sheet = book.active
    assert sheet.title == "rows"
    header, first, second = sheet.iter_rows(values_only=True)
    assert header == ("t", "i", "n", "d", "dt", "b")
    assert first == (
        '=HYPERLINK("x")',
        3,
        1234.5,
        dt.datetime(2026, 9, 1),
        dt.datetime(2026, 9, 1, 10, 30),
        True,
    )
    assert sheet["A2"].data_type == "s"  # a text, never a formula
    assert second == ("<&>\ufffd", None, "not a number", "2026-02-30", None, False)


def test_rows_past_a_sheets_capacity_continue_on_the_next_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tabular, "SHEET_ROWS", 4)  # the header and three rows a sheet
    rows = ([n] for n in range(1, 8))
    body = b"".join(xlsx_chunks(["n"], [Kind.INTEGER], rows, "numbers"))
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["numbers", "numbers 2", "numbers 3"]
    values = [[row[0] for row in sheet.iter_rows(values_only=True)] for sheet in book]
    assert values == [["n", 1, 2, 3], ["n", 4, 5, 6], ["n", 7]]
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


def test_an_empty_list_is_a_sheet_with_its_header() -> None:
    book = _book(xlsx_chunks(["a", "b"], [Kind.STRING, Kind.STRING], [], "empty"))
    assert list(book.active.iter_rows(values_only=True)) == [("a", "b")]
