"""A report as one XLSX workbook with sheets `contributions` and `expenditures`.

An XLSX file is a zip of XML parts, so it is checked in three steps, each cheaper than the
next and each able to stop the file:

1. the zip itself, before anything is unpacked: how many parts, how large they claim to be
   unpacked (Python's zipfile never unpacks more than a part claims), how hard they are
   compressed (a zip bomb), part names that would escape a folder, encrypted parts;
2. every sheet's XML (openpyxl parses them all when it opens a workbook), streamed through
   a pattern that counts rows and cells per row, so that a million-column row is refused
   before openpyxl builds a million cells; the caps apply to sheets the report does not use;
3. openpyxl in read-only mode with `data_only=True` (cached results of formulas, never
   evaluated), its cells turned into text and checked by the rules shared with CSV.

Problems of a sheet name the file as `report.xlsx[contributions]`, the sheet row as the
line and the column's header.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial
from typing import Any
from xml.etree.ElementTree import Element

import openpyxl
from defusedxml import ElementTree

from talapker.filings.formats.model import (
    COLUMNS,
    DEFAULT_LIMITS,
    TABLES,
    Limits,
    ReportData,
    Upload,
)
from talapker.filings.formats.problems import ProblemLog, shown
from talapker.filings.formats.tabular import REFUSED, Place, TableCheck, Value, report_data

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file: old .xls, or an encrypted .xlsx
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
RATIO_FLOOR = 1024 * 1024  # small parts may compress hard without harm
CHUNK = 1024 * 1024
# Opening tags of rows, cells and formulas in sheet XML, with or without a namespace prefix.
SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|f)(?=[\s/>])([^<>]*)>")
ROW_NUMBER = re.compile(rb"\br=\"([0-9]+)\"")
TAG_TAIL = 1024  # bytes kept between chunks so that a tag cut in two is still seen


def read_xlsx_report(upload: Upload, limits: Limits = DEFAULT_LIMITS) -> ReportData:
    """The report in one workbook; ReportInvalid with every problem found."""
    log = ProblemLog(limits.max_problems)
    checks = {table: TableCheck(table, f"{upload.name}[{table}]", log, limits) for table in TABLES}
    package = _checked_zip(upload, log, limits)
    if package is not None:
        # openpyxl parses every sheet of a workbook when it opens it, so every sheet is
        # streamed first, not only the two it must read.
        scans: dict[str, _Scan] = {}
        safe = True
        for title, part in package.sheets.items():
            table = package.table_of(title)
            file = checks[table].file if table else f"{upload.name}[{title}]"
            scan = _sheet_scan(package.archive, part, file, log, limits)
            safe = safe and scan is not None
            if scan is not None and table:
                scans[table] = scan
        if safe and scans:
            _read_sheets(upload, package.report, scans, checks, log)
    log.raise_if_any()
    return report_data(checks[TABLES[0]], checks[TABLES[1]])


# 1. the zip


def _checked_zip(upload: Upload, log: ProblemLog, limits: Limits) -> _Package | None:
    """The sheets found in a safe zip; None after recording why the file is refused."""
    name, data = upload.name, upload.data
    if len(data) > limits.max_xlsx_bytes:
        log.add(name, None, None, "file_too_large", size=len(data), limit=limits.max_xlsx_bytes)
        return None
    if data.startswith(CFB_MAGIC):
        log.add(name, None, None, "xlsx_encrypted" if ENCRYPTED_PACKAGE in data else "not_xlsx")
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    # NotImplementedError: a zip of a version zipfile does not read (no spreadsheet writes one)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        log.add(name, None, None, "not_xlsx")
        return None
    if len(entries) > limits.max_zip_entries:
        log.add(
            name,
            None,
            None,
            "zip_too_many_entries",
            count=len(entries),
            limit=limits.max_zip_entries,
        )
        return None
    problems = len(log)
    seen: set[str] = set()
    for entry in entries:
        part = entry.filename
        if _unsafe(part) or part in seen:
            log.add(name, None, None, "zip_unsafe_name", entry=shown(part))
        seen.add(part)
        if entry.flag_bits & 0x1:
            log.add(name, None, None, "zip_encrypted_entry", entry=shown(part))
        ratio = entry.file_size // max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR and ratio > limits.max_zip_ratio:
            log.add(name, None, None, "zip_ratio", entry=shown(part), ratio=ratio)
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_zip_uncompressed_bytes:
        log.add(
            name,
            None,
            None,
            "zip_too_large",
            size=unpacked,
            limit=limits.max_zip_uncompressed_bytes,
        )
    if len(log) != problems:
        return None
    try:
        sheets = _sheet_parts(archive)
    except Exception as err:  # any defect of the package's XML refuses the file, nothing more
        log.add(name, None, None, "xlsx_unreadable", error=shown(_describe(err)))
        return None
    found: dict[str, _Sheet] = {}
    for table in TABLES:
        title = _matching_title(table, sheets)
        if title is None:
            log.add(name, None, None, "sheet_missing", sheet=table)
        elif sheets[title] not in seen:
            log.add(name, None, None, "xlsx_unreadable", error=f"no part for sheet {title}")
        else:
            found[table] = _Sheet(title, sheets[title])
    present = {title: part for title, part in sheets.items() if part in seen}
    return _Package(archive, present, found)


class _Sheet:
    """A sheet of the workbook: its title as written, and the zip part of its XML."""

    def __init__(self, title: str, part: str) -> None:
        self.title = title
        self.part = part


class _Package:
    """The checked zip: every sheet's part by title, and the report's two sheets."""

    def __init__(
        self, archive: zipfile.ZipFile, sheets: dict[str, str], report: dict[str, _Sheet]
    ) -> None:
        self.archive = archive
        self.sheets = sheets
        self.report = report

    def table_of(self, title: str) -> str | None:
        return next((table for table, sheet in self.report.items() if sheet.title == title), None)


def _unsafe(part: str) -> bool:
    """A part name that could escape the folder it is unpacked into."""
    return (
        part.startswith("/")
        or "\\" in part
        or ".." in part.split("/")
        or re.match(r"[A-Za-z]:", part) is not None
        or "\x00" in part
    )


def _matching_title(table: str, sheets: dict[str, str]) -> str | None:
    """The sheet for a table: its exact name, else the same name in other letter case
    (Excel treats sheet names case-insensitively)."""
    if table in sheets:
        return table
    return next((title for title in sheets if title.strip().casefold() == table), None)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> zip part of its XML, read from the package's relationships."""
    workbook = next(
        _resolve("", rel.get("Target", ""))
        for rel in _xml(archive, "_rels/.rels")
        if rel.get("Type", "").endswith("/officeDocument")
    )
    folder, base = posixpath.split(workbook)
    rels_part = posixpath.join(folder, "_rels", base + ".rels")
    targets = {
        rel.get("Id"): _resolve(folder, rel.get("Target", "")) for rel in _xml(archive, rels_part)
    }
    sheets: dict[str, str] = {}
    for element in _xml(archive, workbook).iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if k.rpartition("}")[2] == "id"), None)
        target = targets.get(rel_id)
        if target is not None:
            sheets[element.get("name", "")] = target
    return sheets


def _xml(archive: zipfile.ZipFile, part: str) -> Element:
    root: Element = ElementTree.fromstring(archive.read(part), forbid_dtd=True)
    return root


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


def _describe(err: BaseException) -> str:
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


# 2. the sheet's XML, streamed


class _Scan:
    """What streaming a sheet's XML found: whether any cell holds a formula."""

    def __init__(self, has_formulas: bool) -> None:
        self.has_formulas = has_formulas


def _sheet_scan(
    archive: zipfile.ZipFile, part: str, file: str, log: ProblemLog, limits: Limits
) -> _Scan | None:
    """Count rows and cells per row without building them; None if the sheet is refused."""
    try:
        return _stream_scan(archive, part, file, log, limits)
    except Exception as err:  # a corrupt part (bad deflate data, wrong CRC) refuses the file
        log.add(file, None, None, "xlsx_unreadable", error=shown(_describe(err)))
        return None


def _stream_scan(
    archive: zipfile.ZipFile, part: str, file: str, log: ProblemLog, limits: Limits
) -> _Scan | None:
    rows = cells = 0
    row_number = 0
    formulas = False
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(CHUNK):
            buffer = tail + chunk
            for match in SHEET_TAG.finditer(buffer):
                if match.end() <= len(tail):
                    continue  # seen whole in the previous chunk
                tag = match.group(1)
                if tag == b"c":
                    cells += 1
                    if cells > limits.max_columns:
                        log.add(
                            file, row_number, None, "too_many_columns", limit=limits.max_columns
                        )
                        return None
                elif tag == b"row":
                    rows += 1
                    cells = 0
                    number = ROW_NUMBER.search(match.group(2))
                    row_number = int(number.group(1)) if number else row_number + 1
                    if rows > limits.max_rows + 1 or row_number > limits.max_rows + 1:
                        log.add(file, row_number, None, "too_many_rows", limit=limits.max_rows)
                        return None
                else:
                    formulas = True
            tail = buffer[-TAG_TAIL:]
    return _Scan(formulas)


# 3. the cells, through openpyxl


def _read_sheets(
    upload: Upload,
    parts: dict[str, _Sheet],
    scans: dict[str, _Scan],
    checks: dict[str, TableCheck],
    log: ProblemLog,
) -> None:
    """Check the sheets' cells. Only openpyxl's work is guarded: any exception it raises on
    a malformed file refuses the file, while a fault in our own checks still surfaces."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
        try:
            workbook = _open(upload, data_only=True)
            formulas = None
            if any(scan.has_formulas for scan in scans.values()):
                formulas = _open(upload, data_only=False)
        except Exception as err:  # openpyxl's errors have no common base
            log.add(upload.name, None, None, "xlsx_unreadable", error=shown(_describe(err)))
            return
        try:
            for table, check in checks.items():
                if table not in scans:
                    continue
                title, width = parts[table].title, check.limits.max_columns
                rows = _guarded(partial(_sheet_rows, workbook, title, width, values_only=True))
                written = None
                if formulas is not None:
                    written = _guarded(
                        partial(_sheet_rows, formulas, title, width, values_only=False)
                    )
                _read_sheet(rows, written, check)
        except _Unreadable as err:
            cause = err.__cause__ or err
            log.add(upload.name, None, None, "xlsx_unreadable", error=shown(_describe(cause)))
        finally:
            workbook.close()
            if formulas is not None:
                formulas.close()


class _Unreadable(Exception):
    """openpyxl failed while reading a sheet; the cause is chained."""


def _guarded(start: Callable[[], Iterator[Any]]) -> Iterator[Any]:
    """The rows of a sheet, with any exception openpyxl raises turned into _Unreadable."""
    try:
        rows = start()
    except Exception as err:
        raise _Unreadable from err
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as err:
            raise _Unreadable from err
        yield row


def _sheet_rows(workbook: Any, title: str, width: int, *, values_only: bool) -> Iterator[Any]:
    rows: Iterator[Any] = workbook[title].iter_rows(values_only=values_only, max_col=width)
    return rows


def _open(upload: Upload, *, data_only: bool) -> Any:
    return openpyxl.load_workbook(
        io.BytesIO(upload.data), read_only=True, data_only=data_only, keep_links=False
    )


def _read_sheet(rows: Iterator[Any], written: Iterator[Any] | None, check: TableCheck) -> None:
    """Check every row of one sheet. `written` yields the same rows with formulas as
    written, for sheets that have any: a formula with no saved result reads as empty."""
    log, file = check.log, check.file
    header_row = next(rows, None)
    if written is not None:
        next(written, None)
    header = [_header_name(value) for value in header_row or ()]
    if not any(header):
        log.add(file, 1, None, "file_empty")
        return
    problems = len(log)
    for column in COLUMNS[check.spec.name]:
        if column not in header:
            log.add(file, 1, column, "column_missing")
        elif header.count(column) > 1:
            log.add(file, 1, column, "column_duplicate")
    if len(log) != problems:
        return
    positions = {column: header.index(column) for column in COLUMNS[check.spec.name]}
    for number, row in enumerate(rows, start=2):
        formula_row = next(written, None) if written is not None else None
        if all(value is None or value == "" for value in row):
            continue
        values: dict[str, Value] = {}
        for column, index in positions.items():
            value = row[index] if index < len(row) else None
            if value is None and formula_row is not None and _is_formula(formula_row, index):
                log.add(file, number, column, "formula_without_value")
                values[column] = REFUSED
            else:
                values[column] = _cell_text(value)
        check.row(values, Place(number, "", number))


def _header_name(value: object) -> str:
    return "" if value is None else str(value).strip()


def _is_formula(row: tuple[Any, ...], index: int) -> bool:
    if index >= len(row):
        return False
    cell = row[index]
    return getattr(cell, "data_type", None) == "f"


def _cell_text(value: object) -> str | None:
    """A cell as the text the CSV rules check; numbers exactly as Excel stored them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # The shortest text that reads back as the same float is the number Excel saved,
        # so 0.1 stays 0.1 and 1.005 keeps its third decimal (and is then refused).
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
