"""Files built to hurt are refused quickly, without building anything their size.

The million-column headers and the over-size files are made here rather than committed
to the corpus (they would add 2 to 25 MB to the repository each).
"""

from __future__ import annotations

import io
import logging
import random
import time
import zipfile
from dataclasses import replace

import pytest

from talapker.filings.formats.csvfiles import read_csv_report
from talapker.filings.formats.model import DEFAULT_LIMITS, Upload
from talapker.filings.formats.problems import ReportInvalid
from talapker.filings.formats.xlsx import read_xlsx_report
from talapker.filings.scans import DEFAULT_SCAN_LIMITS, scan_check
from talapker.filings.tests.conftest import corpus_entries, corpus_upload, sample

QUICK = 1.0  # seconds: generous for a slow CI machine, far below what parsing would take


def codes_and_time(read, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    with pytest.raises(ReportInvalid) as refused:
        read(*args)
    return {p.code for p in refused.value.problems}, time.perf_counter() - started


def test_a_million_column_csv_header_is_refused_from_its_first_bytes() -> None:
    header = ",".join(["c"] * 1_000_000).encode() + b"\n1\n"
    codes, seconds = codes_and_time(
        read_csv_report, Upload("contributions.csv", header), sample("expenditures.csv")
    )
    assert codes == {"too_many_columns"}
    assert seconds < QUICK


WIDE_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1">'
    + b'<c t="inlineStr"><is><t>x</t></is></c>' * 1_000_000
    + b"</row></sheetData></worksheet>"
)


def million_column_workbook(*, extra_sheet: bool = False) -> bytes:
    """The sample workbook with a header row of a million cells: in its contributions sheet,
    or in a third sheet that the report does not use."""
    replaced = {"xl/worksheets/sheet1.xml": WIDE_SHEET}
    if extra_sheet:
        replaced = {
            "xl/workbook.xml": b'<sheet name="notes" sheetId="3" r:id="rIdNotes"/></sheets>',
            "xl/_rels/workbook.xml.rels": b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>',  # noqa: E501
        }
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(sample("report.xlsx").data)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            data = old.read(info)
            if info.filename in replaced and not extra_sheet:
                data = replaced[info.filename]
            elif info.filename in replaced:
                closing = (
                    b"</sheets>" if info.filename.endswith("workbook.xml") else b"</Relationships>"
                )
                data = data.replace(closing, replaced[info.filename])
            new.writestr(info.filename, data)
        if extra_sheet:
            new.writestr("xl/worksheets/sheet3.xml", WIDE_SHEET)
    return out.getvalue()


def test_a_million_column_xlsx_header_is_refused_before_openpyxl_reads_it() -> None:
    workbook = Upload("report.xlsx", million_column_workbook())
    codes, seconds = codes_and_time(read_xlsx_report, workbook)
    assert codes == {"zip_ratio"}  # it compresses far too well to be a spreadsheet
    assert seconds < QUICK
    # Even when the zip is let through, the streamed count stops at the 201st cell.
    lenient = replace(DEFAULT_LIMITS, max_zip_ratio=10**9)
    codes, seconds = codes_and_time(read_xlsx_report, workbook, lenient)
    assert codes == {"too_many_columns"}
    assert seconds < QUICK


def test_a_million_column_sheet_the_report_does_not_use_is_refused_too() -> None:
    """openpyxl parses every sheet when it opens a workbook, so every sheet is counted."""
    workbook = Upload("report.xlsx", million_column_workbook(extra_sheet=True))
    lenient = replace(DEFAULT_LIMITS, max_zip_ratio=10**9)
    codes, seconds = codes_and_time(read_xlsx_report, workbook, lenient)
    assert codes == {"too_many_columns"}
    assert seconds < QUICK


def test_a_csv_over_the_size_cap_is_refused_unread() -> None:
    big = b"line\n" + b"1" * DEFAULT_LIMITS.max_csv_bytes
    codes, seconds = codes_and_time(
        read_csv_report, Upload("contributions.csv", big), sample("expenditures.csv")
    )
    assert codes == {"file_too_large"}
    assert seconds < QUICK


def test_a_csv_of_more_than_a_hundred_thousand_rows_is_refused_at_the_cap() -> None:
    header = sample("contributions.csv").data.split(b"\n", 1)[0]
    row = b"1,2026-03-02,individual,,A,1,cash,,\n"
    data = header + b"\n" + row * (DEFAULT_LIMITS.max_rows + 1)
    assert len(data) < DEFAULT_LIMITS.max_csv_bytes
    with pytest.raises(ReportInvalid) as refused:
        read_csv_report(Upload("contributions.csv", data), sample("expenditures.csv"))
    codes = [p.code for p in refused.value.problems]
    assert "too_many_rows" in codes
    assert codes.count("line_duplicate") == DEFAULT_LIMITS.max_problems
    assert codes[-1] == "too_many_problems"


def test_a_scan_over_the_size_cap_is_refused_unparsed() -> None:
    verdict = scan_check("scan.pdf", b"%PDF-1.7\n" + b"0" * DEFAULT_SCAN_LIMITS.max_bytes)
    assert (verdict.ok, verdict.quarantine, verdict.reasons) == (False, False, ["too_large"])


def test_the_scan_check_never_raises_on_cut_or_damaged_files() -> None:
    rng = random.Random(2026)
    for entry in corpus_entries("pdf"):
        data = corpus_upload(entry).data
        variants = [data[:cut] for cut in range(0, len(data), max(1, len(data) // 12))]
        for _ in range(6):
            damaged = bytearray(data)
            for _ in range(20):
                if damaged:
                    damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            variants.append(bytes(damaged))
        for variant in variants:
            verdict = scan_check(entry["file"], variant)
            assert verdict.ok == (not verdict.reasons)


def test_logging_set_up_to_silence_pypdf_does_not_blind_the_damage_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quiet = logging.getLogger("pypdf")
    monkeypatch.setattr(quiet, "level", logging.CRITICAL)
    monkeypatch.setattr(quiet, "propagate", False)
    monkeypatch.setattr(logging.getLogger("pypdf.generic"), "disabled", True)
    (entry,) = [e for e in corpus_entries("pdf") if "damaged_deep" in e["file"]]
    assert "damaged" in scan_check("scan.pdf", corpus_upload(entry).data).reasons


def test_a_file_of_unterminated_streams_is_looked_at_in_linear_time() -> None:
    started = time.perf_counter()
    verdict = scan_check("scan.pdf", b"%PDF-1.4\n" + b"stream\n" * 3_000_000 + b"%%EOF")
    assert not verdict.ok
    assert time.perf_counter() - started < QUICK
