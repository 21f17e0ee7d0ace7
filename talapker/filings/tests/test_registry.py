"""The importer registry: one declared interface, used by the built-in formats too."""

from __future__ import annotations

import pytest

from talapker.filings.formats.model import DEFAULT_LIMITS, Upload
from talapker.filings.formats.problems import ReportInvalid
from talapker.filings.formats.registry import (
    ReportFormat,
    register,
    report_format,
    report_formats,
    report_read,
)
from talapker.filings.tests.conftest import sample


def test_the_built_in_formats_are_csv_xlsx_and_json() -> None:
    assert [f.name for f in report_formats()][:3] == ["csv", "xlsx", "json"]
    assert report_format("csv").parts == ("contributions", "expenditures")
    assert report_format("xlsx").max_bytes() == DEFAULT_LIMITS.max_xlsx_bytes


def test_an_unknown_format_is_named_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown report format 'ods'; known: csv, json, xlsx"):
        report_format("ods")


def test_a_format_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register(ReportFormat("csv", ("x",), "csv", "max_csv_bytes", lambda uploads, limits: None))  # type: ignore[arg-type,return-value]


def test_a_file_left_out_is_a_problem_of_the_report() -> None:
    with pytest.raises(ReportInvalid) as refused:
        report_read("csv", {"contributions": sample("contributions.csv")})
    assert [(p.file, p.code) for p in refused.value.problems] == [("expenditures", "file_missing")]


def test_formats_read_uploads_by_role() -> None:
    data = report_read("json", {"body": Upload("body.json", sample("report.json").data)})
    assert len(data.contributions) == 8
