"""Rows as a CSV or XLSX file, written while they are read: flat memory, no row cap.

The rows are the API's own JSON representations flattened to columns (exports.py), so a
value arrives as JSON has it: a decimal or a date as a string, a number, a boolean, None.
The declared type of each column (`Kind`) says how a spreadsheet should hold it.

**Formula injection.** A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and
some read a leading tab or carriage return the same way) as a formula: a donor filed as
`=HYPERLINK("http://…")` must open as that text, not as a link. In CSV such a text gets a
leading apostrophe, the convention spreadsheets show as text; numbers and dates are written
by us and never start so. In XLSX every text is an inline string, a type a spreadsheet never
evaluates, so the text stays as filed.

**XLSX while streaming.** An XLSX file is a ZIP of XML parts; `stream_zip` writes the ZIP
as its members are produced, so the sheet's XML goes out row by row and the small parts that
name the sheets come last, when their number is known (a ZIP's members may be in any order:
the central directory at the end lists them). A sheet holds at most 1,048,576 rows; more
continue on the next sheet, each with the header. openpyxl cannot stream (it writes on
save); xlsx-streaming renders each row through ElementTree and depends on a ZIP library
unmaintained since 2016.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from stream_zip import ZIP_32, ZIP_64, MemberFile, stream_zip

FORMULA = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START = frozenset(FORMULA)
SHEET_ROWS = 1_048_576  # Excel's rows per sheet, the header's included
EPOCH = date(1899, 12, 30)  # a spreadsheet's day 0 (with the 1900 leap-year bug folded in)
# Characters XML 1.0 cannot hold at all, even escaped: C0 controls but tab, LF and CR.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Kind(StrEnum):
    """What a column holds, in the type names of a Table Schema (Frictionless)."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"


def as_text(value: object) -> str:
    """A value as CSV text, a text that a spreadsheet would run as a formula as text."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _boolean_text(value: object) -> object:
    return value if value is None else ("true" if value else "false")


def csv_lines(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    kinds: Sequence[Kind] | None = None,
) -> Iterator[str]:
    """The CSV file, line by line: the header, then each row's values as text.

    Without `kinds` every value goes through `as_text`. With them, only the text columns are
    looked at (a negative amount is a number, not a formula) and booleans are written
    `true`/`false`; the rest goes to the csv module as it is: some 2 µs a row less for a
    million rows."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(header)
    if kinds is None:
        for row in rows:
            yield writer.writerow([as_text(value) for value in row])
        return
    texts = [i for i, kind in enumerate(kinds) if kind is Kind.STRING]
    booleans = [i for i, kind in enumerate(kinds) if kind is Kind.BOOLEAN]
    for row in rows:
        values = list(row)
        for i in texts:
            value = values[i]
            if type(value) is str:
                if value and value[0] in FORMULA_START:
                    values[i] = "'" + value
            else:  # a method field that did not declare its type: as without kinds
                values[i] = as_text(value)
        for i in booleans:
            values[i] = _boolean_text(values[i])
        yield writer.writerow(values)


# --- XLSX -----------------------------------------------------------------------------


def _text_cell(value: object) -> str:
    text = NOT_XML.sub("\ufffd", str(value))
    return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _number_cell(value: object) -> str:
    """An integer as it is; a decimal (JSON gives money as a string: exact) with two places
    shown; anything else that is not a plain number as text."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return _text_cell(value)
    text = str(value)
    if not _NUMBER.fullmatch(text):
        return _text_cell(value)
    return f'<c s="3"><v>{text}</v></c>' if "." in text else f"<c><v>{text}</v></c>"


def _date_cell(value: object) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return _text_cell(value)
    return f'<c s="1"><v>{(day - EPOCH).days}</v></c>'


def _datetime_cell(value: object) -> str:
    """A time as the spreadsheet's day number with its fraction, in Bishkek time (a
    spreadsheet has no zones: the file's times are the commission's)."""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return _text_cell(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = timezone.localtime(moment).replace(tzinfo=None)
    days = (local - datetime(1899, 12, 30)).total_seconds() / 86400  # noqa: DTZ001 (a serial)
    return f'<c s="2"><v>{days:.8f}</v></c>'


def _boolean_cell(value: object) -> str:
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    return _text_cell(value)


CELLS: dict[Kind, Callable[[object], str]] = {
    Kind.STRING: _text_cell,
    Kind.INTEGER: _number_cell,
    Kind.NUMBER: _number_cell,
    Kind.BOOLEAN: _boolean_cell,
    Kind.DATE: _date_cell,
    Kind.DATETIME: _datetime_cell,
}

SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"

# Cell styles: 0 plain, 1 a date, 2 a date and time, 3 a sum of money (two decimals).
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def _workbook(sheets: int, title: str) -> str:
    names = "".join(
        f'<sheet name="{escape(_sheet_name(title, n))}" sheetId="{n}" r:id="rId{n}"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{names}</sheets></workbook>"
    )


def _sheet_name(title: str, n: int) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", title)[:25] or "data"
    return name if n == 1 else f"{name} {n}"


def _workbook_rels(sheets: int) -> str:
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = "".join(
        f'<Relationship Id="rId{n}" Type="{base}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    styles = f'<Relationship Id="rId{sheets + 1}" Type="{base}/styles" Target="styles.xml"/>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{parts}{styles}</Relationships>"
    )


def _content_types(sheets: int) -> str:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{main}.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>'
        f"{overrides}</Types>"
    )


class _Sheets:
    """The rows cut into sheets of at most SHEET_ROWS rows; counts the sheets it made."""

    def __init__(
        self, header: Sequence[str], kinds: Sequence[Kind], rows: Iterable[Sequence[Any]]
    ) -> None:
        self.header = "<row>" + "".join(_text_cell(name) for name in header) + "</row>"
        self.cells = [CELLS[kind] for kind in kinds]
        self.rows = iter(rows)
        self.count = 0
        self.done = False

    def members(self, now: datetime) -> Iterator[MemberFile]:
        # stream_zip reads a member to its end before it asks for the next: by then the
        # sheet has said whether rows are left.
        while not self.done:
            self.count += 1
            yield (f"xl/worksheets/sheet{self.count}.xml", now, 0o644, ZIP_64, self._sheet())

    def _sheet(self) -> Iterator[bytes]:
        yield (SHEET_START + self.header).encode()
        written = 1
        batch: list[str] = []
        for row in self.rows:
            batch.append(
                "<row>"
                + "".join(
                    "<c/>" if value is None or value == "" else cell(value)
                    for cell, value in zip(self.cells, row, strict=False)
                )
                + "</row>"
            )
            written += 1
            if len(batch) >= 500:
                yield "".join(batch).encode()
                batch = []
            if written >= SHEET_ROWS:
                break
        else:
            self.done = True
        if batch:
            yield "".join(batch).encode()
        yield SHEET_END.encode()


def xlsx_chunks(
    header: Sequence[str],
    kinds: Sequence[Kind],
    rows: Iterable[Sequence[Any]],
    title: str = "data",
) -> Iterable[bytes]:
    """The XLSX file's bytes, as the rows are read."""
    now = timezone.now()
    sheets = _Sheets(header, kinds, rows)

    def members() -> Iterator[MemberFile]:
        yield from sheets.members(now)
        small = {
            "xl/styles.xml": STYLES,
            "xl/workbook.xml": _workbook(sheets.count, title),
            "xl/_rels/workbook.xml.rels": _workbook_rels(sheets.count),
            "_rels/.rels": RELS,
            "[Content_Types].xml": _content_types(sheets.count),
        }
        for name, text in small.items():
            yield (name, now, 0o644, ZIP_32, (text.encode(),))

    return stream_zip(members())
