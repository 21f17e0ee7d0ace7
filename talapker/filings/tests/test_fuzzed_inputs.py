"""Inputs the atheris fuzzer (fuzz/report_xlsx.py) found crashing the reader, each refused now
with the report's problems (file, line, column and a translatable reason)."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from talapker.filings.formats.model import Upload
from talapker.filings.formats.problems import ReportInvalid
from talapker.filings.formats.xlsx import read_xlsx_report
from talapker.filings.tests.conftest import sample

CENTRAL_HEADER = b"PK\x01\x02"


def needing_zip_version(workbook: bytes, version: int) -> bytes:
    """The workbook with its parts marked as needing a zip version (×10) to be unpacked."""
    data = bytearray(workbook)
    at = data.find(CENTRAL_HEADER)
    while at != -1:
        struct.pack_into("<H", data, at + 6, version)  # "version needed to extract"
        at = data.find(CENTRAL_HEADER, at + 4)
    return bytes(data)


def test_a_zip_of_a_version_python_does_not_read_is_not_a_workbook() -> None:
    data = needing_zip_version(sample("report.xlsx").data, 255)
    with pytest.raises(NotImplementedError):  # what zipfile says of it, uncaught before
        zipfile.ZipFile(io.BytesIO(data))
    with pytest.raises(ReportInvalid) as refused:
        read_xlsx_report(Upload("report.xlsx", data))
    assert refused.value.codes == {"not_xlsx"}
    assert refused.value.file == "report.xlsx"
