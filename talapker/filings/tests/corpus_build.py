"""The sample report and the tools that render it, or damage it, as CSV, XLSX and JSON.

Used by `make_corpus.py`; everything here is deterministic (fixed times in workbooks), so
the committed files only change when this code does.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).parent
SAMPLES = HERE / "samples"
CORPUS = HERE / "corpus"
FIXED_TIME = dt.datetime(2026, 3, 15, 9, 0, 0)
ZIP_TIME = (2026, 3, 15, 9, 0, 0)

# The sample report: a party's interim report, names in Kyrgyz. Contribution 6 has no donor
# id and 7 a malformed one (13 digits): both are accepted as filed, screening flags them.
SAMPLE_CSV = {
    "contributions": """\
line,date,donor_kind,donor_id,donor_name,amount,method,bank_ref,description
1,2026-03-02,individual,21503198500123,Асанов Бакыт Өмүрбекович,15000.00,bank,KICB-2026-000101,Шайлоо фондуна салым
2,2026-03-03,individual,11204199000456,Төлөгөнова Айгүл Жаңыбаевна,5000,cash,,
3,2026-03-05,legal_entity,01203201010012,«Жаңы Өнүгүү» ЖЧК,250000.50,bank,DEMIR-7781,Уюмдун салымы
4,2026-03-06,party_own,,Партиянын өз каражаты,1000000,bank,RSK-0001,
5,2026-03-07,candidate_own,22007197800321,Үсөнов Кеңешбек Ормонович,30000,bank,OPTIMA-5,
6,2026-03-08,individual,,Белгисиз жактоочу,700,cash,,Идентификатору жок
7,2026-03-09,individual,2150319850012,Мамбетова Гүлнара,1200.75,bank,KICB-2026-000144,
8,2026-03-10,legal_entity,01503201510077,Ала-Тоо Басмасы ЖЧК,45000,in_kind,,"Плакаттар, рыноктук баасы"
""",  # noqa: E501
    "expenditures": """\
line,date,category,payee_name,payee_id,amount,method,bank_ref,description
1,2026-03-04,print,«Учкун» басмаканасы,01506199610023,120000.00,bank,KICB-2026-000200,"Баракчалар, 50 000 нуска"
2,2026-03-05,tv_radio,КТРК,00103199110001,300000,bank,KICB-2026-000201,Үгүт ролиги
3,2026-03-06,online,Meta Platforms Ireland,,15000.25,bank,KICB-2026-000202,Facebook жарнамасы
4,2026-03-07,transport,Түгөлбаев Айдар,21110198700111,3500,cash,,Жол кире
5,2026-03-09,refund,Мамбетова Гүлнара,2150319850012,1200.75,bank,KICB-2026-000210,7-саптагы салымды кайтаруу
6,2026-03-10,bank_fees,Кыргыз Инвестициялык-Кредиттик Банкы,,150.00,bank,KICB-FEE-03,
""",  # noqa: E501
}


def _parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


COLUMNS = {table: _parsed(text)[0] for table, text in SAMPLE_CSV.items()}
TABLES = {table: _parsed(text)[1:] for table, text in SAMPLE_CSV.items()}
C, E = "contributions", "expenditures"

Manifest = list[dict[str, Any]]


def write(relative: str, data: bytes) -> str:
    path = CORPUS / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return relative


def entry(
    parser: str, relative: str, expect: str, codes: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """A manifest entry: report files list `problem_codes`, scans their `reasons`."""
    found: dict[str, Any] = {"parser": parser, "file": relative, "expect": expect}
    if codes is not None:
        found["reasons" if parser == "pdf" else "problem_codes"] = sorted(codes)
    found.update(extra)
    return found


def write_samples() -> None:
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for table, text in SAMPLE_CSV.items():
        (SAMPLES / f"{table}.csv").write_bytes(text.encode("utf-8"))
    (SAMPLES / "report.xlsx").write_bytes(workbook_bytes(native_sheets()))
    (SAMPLES / "report.json").write_bytes(json_bytes(json_report()))


# --- CSV


def csv_bytes(header: list[str], rows: list[list[str]], *, terminator: str = "\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=terminator)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def changed_rows(table: str, changes: dict[int, dict[str, str]]) -> list[list[str]]:
    """The sample table's rows with some values replaced: {row index: {column: value}}."""
    rows = [list(row) for row in TABLES[table]]
    for index, values in changes.items():
        for column, value in values.items():
            rows[index][COLUMNS[table].index(column)] = value
    return rows


def without_kyrgyz_letters(text: str) -> str:
    """The text in the letters cp1251 has (it has no ө, ү, ң), as an old Excel saves it."""
    return text.translate(str.maketrans("өүңӨҮҢ«»", 'оунОУН""'))


# --- XLSX


def native_sheets() -> dict[str, list[list[Any]]]:
    """The report as a filer's Excel holds it: whole numbers, decimals, dates and text."""

    def native(row: list[str]) -> list[Any]:
        cells: list[Any] = [None if value == "" else value for value in row]
        cells[0] = int(row[0])
        cells[1] = dt.date.fromisoformat(row[1])
        amount = Decimal(row[5])
        cells[5] = int(amount) if amount == amount.to_integral() else float(amount)
        return cells

    return {table: [COLUMNS[table], *map(native, rows)] for table, rows in TABLES.items()}


def text_sheets() -> dict[str, list[list[Any]]]:
    return {table: [COLUMNS[table], *rows] for table, rows in TABLES.items()}


def workbook_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet["B"][1:]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip(buffer.getvalue())


def changed_workbook(table: str, row: int, column: str, value: Any) -> bytes:
    """The sample workbook with one cell changed (row 1 is the first data row)."""
    sheets = native_sheets()
    sheets[table][row][COLUMNS[table].index(column)] = value
    return workbook_bytes(sheets)


def fixed_zip(data: bytes, edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """The zip rewritten with fixed timestamps, each part passed through `edit`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if edit is not None:
                content = edit(info.filename, content)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-03-15T09:00:00Z", content
                )
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def edit_part(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The zip with the first `old` in one part replaced by `new`."""

    def edit(name: str, content: bytes) -> bytes:
        if name != part:
            return content
        assert old in content, (part, old)
        return content.replace(old, new, 1)

    return fixed_zip(data, edit)


def patch_cell(data: bytes, sheet: str, cell: str, replacement: bytes) -> bytes:
    """The workbook with one cell element of a sheet's XML replaced as written."""
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"[^>]*?(?:/>|>.*?</c>)')

    def edit(name: str, content: bytes) -> bytes:
        if name != f"xl/worksheets/{sheet}.xml":
            return content
        patched, count = pattern.subn(replacement, content, count=1)
        assert count == 1, (sheet, cell)
        return patched

    return fixed_zip(data, edit)


SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def shared_strings(data: bytes) -> bytes:
    """The workbook with its text moved from inline strings to xl/sharedStrings.xml, the
    way Excel saves it (openpyxl writes inline strings)."""
    strings: dict[bytes, int] = {}
    inline = re.compile(rb'<c r="(\w+)"([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>')

    def share(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match.group(3), len(strings))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2), index)

    def edit(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return inline.sub(share, content)
        if name == "[Content_Types].xml":
            override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/>' % SST_TYPE
            return content.replace(b"</Types>", override + b"</Types>")
        if name == "xl/_rels/workbook.xml.rels":
            rel = b'<Relationship Id="rIdS" Type="%s" Target="sharedStrings.xml"/>' % SST_REL
            return content.replace(b"</Relationships>", rel + b"</Relationships>")
        return content

    moved = fixed_zip(data, edit)
    items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
    sst = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), items)
    )
    return zip_with(moved, [("xl/sharedStrings.xml", sst)])


def zip_with(data: bytes, parts: list[tuple[str, bytes]]) -> bytes:
    """The zip with more parts added (zipfile writes any name it is given)."""
    out = io.BytesIO(data)
    with warnings_off(), zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return out.getvalue()


@contextlib.contextmanager
def warnings_off() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of one case
        yield


def _central_entries(data: bytes) -> Iterator[tuple[int, str]]:
    """(offset, name) of every central-directory header of a zip."""
    for match in re.finditer(rb"PK\x01\x02", data):
        start = match.start()
        length = int.from_bytes(data[start + 28 : start + 30], "little")
        yield start, data[start + 46 : start + 46 + length].decode("utf-8", "replace")


def claim_size(data: bytes, part: str, size: int) -> bytes:
    """The zip with one part's central-directory entry claiming another unpacked size."""
    patched = bytearray(data)
    for start, name in _central_entries(data):
        if name == part:
            patched[start + 24 : start + 28] = size.to_bytes(4, "little")
    return bytes(patched)


def encrypted_flag(data: bytes, part: str) -> bytes:
    """The zip with one part marked as encrypted (bit 0 of its flags)."""
    patched = bytearray(data)
    for start, name in _central_entries(data):
        if name == part:
            patched[start + 8] |= 0x1
            local = int.from_bytes(data[start + 42 : start + 46], "little")
            patched[local + 6] |= 0x1
    return bytes(patched)


def cfb_file(stream: str) -> bytes:
    """The start of an OLE compound file naming one stream: an encrypted .xlsx keeps its
    package in `EncryptedPackage`, an old .xls its sheets in `Workbook`."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + stream.encode("utf-16-le").ljust(512, b"\0") + b"\0" * 512


# --- JSON


def json_report() -> dict[str, Any]:
    """The report as an API client sends it: `line` as a number, amounts as strings or
    numbers, empty text as null or left out."""

    def row(table: str, values: list[str], index: int) -> dict[str, Any]:
        item: dict[str, Any] = dict(zip(COLUMNS[table], values, strict=True))
        item["line"] = int(values[0])
        if index % 2:
            item["amount"] = json_number(values[5])
        for key in ("bank_ref", "description", "donor_id", "payee_id"):
            if item.get(key) == "":
                if index % 3 == 0:
                    del item[key]
                else:
                    item[key] = None
        return item

    return {
        "kind": "interim",
        "period_from": "2026-03-01",
        "period_to": "2026-03-31",
        **{
            table: [row(table, values, i) for i, values in enumerate(rows)]
            for table, rows in TABLES.items()
        },
    }


def json_number(text: str) -> int | float:
    """A JSON number for an amount. Floats print as the shortest text that reads back the
    same, so 15000.25 stays 15000.25 (and 250000.50 prints as 250000.5, the same amount)."""
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


def json_bytes(body: Any) -> bytes:
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


DELETE = object()  # a value in `changed_json` that removes the key


def changed_json(table: str | None = None, index: int = 0, **values: Any) -> bytes:
    """The sample body with keys of one row (or, without a table, of the envelope) set."""
    body = json_report()
    target = body if table is None else body[table][index]
    for key, value in values.items():
        if value is DELETE:
            del target[key]
        else:
            target[key] = value
    return json_bytes(body)


def replaced(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data, old
    return data.replace(old, new, 1)
