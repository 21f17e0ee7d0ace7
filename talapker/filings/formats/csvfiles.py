"""A report as two CSV files, `contributions.csv` and `expenditures.csv` (formats.md).

UTF-8 (a byte-order mark is tolerated), RFC 4180, a header row, `,` as separator. The cheap
checks run on the raw bytes first (size, header length), so a hostile file is refused before
anything the size of the file is built. Problems name the physical line a row ends on (the
header is line 1) and the column's name.
"""

from __future__ import annotations

import csv
import io

from charset_normalizer import from_bytes

from talapker.filings.formats.model import (
    COLUMNS,
    CONTRIBUTIONS,
    DEFAULT_LIMITS,
    EXPENDITURES,
    Limits,
    ReportData,
    Upload,
)
from talapker.filings.formats.problems import ProblemLog
from talapker.filings.formats.tabular import Place, TableCheck, report_data

BOM = b"\xef\xbb\xbf"
GUESS_BYTES = 64 * 1024  # enough text for charset-normalizer to name an encoding


def read_csv_report(
    contributions: Upload, expenditures: Upload, limits: Limits = DEFAULT_LIMITS
) -> ReportData:
    """The report in two CSV files; ReportInvalid with every problem of both files."""
    log = ProblemLog(limits.max_problems)
    given = read_csv_table(CONTRIBUTIONS, contributions, log, limits)
    spent = read_csv_table(EXPENDITURES, expenditures, log, limits)
    log.raise_if_any()
    return report_data(given, spent)


def read_csv_table(table: str, upload: Upload, log: ProblemLog, limits: Limits) -> TableCheck:
    """Check one table's file, recording problems in `log`; the result holds the good rows."""
    check = TableCheck(table, upload.name, log, limits)
    text = _text(upload, log, limits)
    if text is None:
        return check
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or header == [""]:
            log.add(upload.name, 1, None, "file_empty")
            return check
        positions = _positions(table, [name.strip() for name in header], upload.name, log)
        if positions is None:
            return check
        count = 0
        for row in reader:
            if not row or row == [""]:
                continue
            count += 1
            if count > limits.max_rows:
                log.add(upload.name, reader.line_num, None, "too_many_rows", limit=limits.max_rows)
                break
            if len(row) != len(header):
                log.add(
                    upload.name,
                    reader.line_num,
                    None,
                    "wrong_field_count",
                    count=len(row),
                    expected=len(header),
                )
                continue
            values = {column: row[index] for column, index in positions.items()}
            check.row(values, Place(reader.line_num, "", reader.line_num))
    except csv.Error as err:
        log.add(upload.name, reader.line_num, None, "csv_malformed", error=str(err))
    return check


def _text(upload: Upload, log: ProblemLog, limits: Limits) -> str | None:
    """The file's text after the byte-level checks; None once a problem is recorded."""
    data = upload.data
    if len(data) > limits.max_csv_bytes:
        log.add(
            upload.name, None, None, "file_too_large", size=len(data), limit=limits.max_csv_bytes
        )
        return None
    body = data[len(BOM) :] if data.startswith(BOM) else data
    if not body.strip():
        log.add(upload.name, 1, None, "file_empty")
        return None
    # A header of a million columns is refused from its first bytes, before any parsing.
    end = body.find(b"\n", 0, limits.max_header_bytes)
    header = body[: end if end >= 0 else limits.max_header_bytes]
    too_long = end < 0 and len(body) > limits.max_header_bytes
    if too_long or header.count(b",") + 1 > limits.max_columns:
        log.add(upload.name, 1, None, "too_many_columns", limit=limits.max_columns)
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        line = body.count(b"\n", 0, err.start) + 1
        log.add(upload.name, line, None, "not_utf8", guess=guess_encoding(body))
        return None


def guess_encoding(data: bytes) -> str:
    """The likely encoding of text that is not UTF-8 (cp1251 from Excel, mostly)."""
    best = from_bytes(data[:GUESS_BYTES]).best()
    return best.encoding if best is not None else "unknown"


def _positions(table: str, header: list[str], file: str, log: ProblemLog) -> dict[str, int] | None:
    """Where each required column is; None (after recording why) if the header is wrong."""
    problems = len(log)
    for column in COLUMNS[table]:
        if column not in header:
            log.add(file, 1, column, "column_missing")
        elif header.count(column) > 1:
            log.add(file, 1, column, "column_duplicate")
    if len(log) != problems:
        return None
    return {column: header.index(column) for column in COLUMNS[table]}
