"""Readers for filed campaign-finance reports (formats.md section 4).

Every reader turns one rendering of a report (two CSV files, one XLSX workbook or the JSON
body of the API) into the same `ReportData`, or raises `ReportInvalid` carrying every problem
found, each naming file, line, column and a translatable reason. Pick a reader by name
through `registry.report_format()`.
"""

from talapker.filings.formats.model import (
    DEFAULT_LIMITS,
    Contribution,
    Expenditure,
    JsonReport,
    Limits,
    ReportData,
    Upload,
)
from talapker.filings.formats.problems import Problem, ReportInvalid

__all__ = [
    "DEFAULT_LIMITS",
    "Contribution",
    "Expenditure",
    "JsonReport",
    "Limits",
    "Problem",
    "ReportData",
    "ReportInvalid",
    "Upload",
]
