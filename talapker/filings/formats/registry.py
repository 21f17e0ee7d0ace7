"""Report importers, by format name: the one place that says which renderings of a report
the platform accepts (formats.md section 4). The built-in formats register here through the
same `register()` any new one uses; a new format is a module plus a `register()` call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from talapker.filings.formats.csvfiles import read_csv_report
from talapker.filings.formats.jsonbody import read_json_report
from talapker.filings.formats.model import (
    CONTRIBUTIONS,
    DEFAULT_LIMITS,
    EXPENDITURES,
    Limits,
    ReportData,
    Upload,
)
from talapker.filings.formats.problems import Problem, ReportInvalid
from talapker.filings.formats.xlsx import read_xlsx_report

Reader = Callable[[Mapping[str, Upload], Limits], ReportData]


@dataclass(frozen=True)
class ReportFormat:
    """One rendering of a report: the files it takes (by role) and how to read them."""

    name: str
    parts: tuple[str, ...]  # roles of the uploads, e.g. ("contributions", "expenditures")
    extension: str  # of each upload, for file pickers and type checks
    size_limit: str  # the Limits field capping each upload's bytes
    read: Reader

    def max_bytes(self, limits: Limits = DEFAULT_LIMITS) -> int:
        """The largest upload accepted: check it before reading an upload into memory."""
        value: int = getattr(limits, self.size_limit)
        return value


_FORMATS: dict[str, ReportFormat] = {}


def register(report_format: ReportFormat) -> ReportFormat:
    """Declare a format; a name may be registered once."""
    if report_format.name in _FORMATS:
        raise ValueError(f"report format {report_format.name!r} is already registered")
    _FORMATS[report_format.name] = report_format
    return report_format


def report_format(name: str) -> ReportFormat:
    """The format of that name; ValueError naming the known ones if there is none."""
    try:
        return _FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(_FORMATS))
        raise ValueError(f"unknown report format {name!r}; known: {known}") from None


def report_formats() -> tuple[ReportFormat, ...]:
    return tuple(_FORMATS.values())


def report_read(
    name: str, uploads: Mapping[str, Upload], limits: Limits = DEFAULT_LIMITS
) -> ReportData:
    """Read a report in the named format; ReportInvalid lists every problem, including
    files that were not given."""
    found = report_format(name)
    missing = [part for part in found.parts if part not in uploads]
    if missing:
        raise ReportInvalid([Problem(part, None, None, "file_missing") for part in missing])
    return found.read(uploads, limits)


def _read_csv(uploads: Mapping[str, Upload], limits: Limits) -> ReportData:
    return read_csv_report(uploads[CONTRIBUTIONS], uploads[EXPENDITURES], limits)


def _read_xlsx(uploads: Mapping[str, Upload], limits: Limits) -> ReportData:
    return read_xlsx_report(uploads["workbook"], limits)


def _read_json(uploads: Mapping[str, Upload], limits: Limits) -> ReportData:
    return read_json_report(uploads["body"], limits).data


register(ReportFormat("csv", (CONTRIBUTIONS, EXPENDITURES), "csv", "max_csv_bytes", _read_csv))
register(ReportFormat("xlsx", ("workbook",), "xlsx", "max_xlsx_bytes", _read_xlsx))
register(ReportFormat("json", ("body",), "json", "max_json_bytes", _read_json))
