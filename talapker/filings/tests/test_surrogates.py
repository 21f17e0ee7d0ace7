"""A lone surrogate (`"\\ud800"`: half of a UTF-16 pair, not a character) is refused as a
problem by every report reader and channel, never a server error, and nothing is stored."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from talapker.core.exactjson import dotted, escaped, surrogates
from talapker.filings.formats.csvfiles import read_csv_report
from talapker.filings.formats.jsonbody import read_json_body, read_json_report
from talapker.filings.formats.model import Upload
from talapker.filings.formats.problems import ReportInvalid, shown
from talapker.filings.formats.xlsx import read_xlsx_report
from talapker.filings.forms import RowForm
from talapker.filings.models import ReportVersion
from talapker.filings.tests.conftest import SAMPLES
from talapker.filings.tests.pages import (
    election_around_today,
    signed_in,
    start_draft,
    treasurer_of,
    url,
)
from talapker.filings.tests.test_filing_api import URL, _body, _client
from talapker.funds.models import Fund

ESCAPE = "\\ud800"  # as it stands in the JSON text: six ASCII characters
REPORT = (SAMPLES / "report.json").read_text(encoding="utf-8")


def with_escape(text: str, field: str = '"description": "Шайлоо фондуна салым"') -> str:
    """The sample report's JSON with the first description replaced by a lone surrogate."""
    assert field in text
    return text.replace(field, f'"description": "{ESCAPE}"', 1)


def refused(read, *args) -> ReportInvalid:  # type: ignore[no-untyped-def]
    with pytest.raises(ReportInvalid) as caught:
        read(*args)
    return caught.value


# the readers


def test_the_json_reader_refuses_a_lone_surrogate_naming_its_row_and_place() -> None:
    error = refused(read_json_report, Upload("report.json", with_escape(REPORT).encode()))
    assert [(p.line, p.column, p.code) for p in error.problems] == [
        (1, "contributions[0].description", "lone_surrogate")
    ]
    assert dict(error.problems[0].params) == {"codepoint": "D800"}
    with translation.override("en"):
        assert "U+D800" in str(error)
    json.dumps([p.as_dict() for p in error.problems], ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    "where",
    [
        ('"kind": "interim"', '"kind": "\\udfff"', None, "kind"),
        ('"period_from": "2026-03-01"', '"period_from": "2026\\ud83d"', None, "period_from"),
        (
            '"line": 1,',
            '"line": 1, "unknown \\udc00 key": 0,',
            1,
            "contributions[0].unknown \\udc00 key",
        ),
        ('"amount": "15000.00"', '"amount": "15000\\ud800.00"', 1, "contributions[0].amount"),
    ],
    ids=["envelope", "date", "a key", "amount"],
)
def test_a_surrogate_anywhere_in_the_body_is_refused(
    where: tuple[str, str, int | None, str],
) -> None:
    old, new, line, column = where
    assert old in REPORT
    error = refused(read_json_report, Upload("report.json", REPORT.replace(old, new, 1).encode()))
    assert (error.problems[0].line, error.problems[0].column) == (line, column)
    assert error.codes == {"lone_surrogate"}
    str(error).encode("utf-8")  # the message itself can be sent


def test_a_surrogate_pair_written_as_two_escapes_is_one_real_character() -> None:
    text = with_escape(REPORT).replace(ESCAPE, "\\ud83d\\ude00")
    report = read_json_report(Upload("report.json", text.encode()))
    assert report.data.contributions[0].description == "😀"


def test_a_body_already_parsed_is_checked_too() -> None:
    body = json.loads(with_escape(REPORT))
    assert refused(read_json_body, body).codes == {"lone_surrogate"}


def test_a_csv_file_cannot_carry_one_its_bytes_are_not_utf8() -> None:
    text = (SAMPLES / "contributions.csv").read_bytes()
    broken = text.replace("Шайлоо".encode(), b"\xed\xa0\x80", 1)  # U+D800 encoded as if UTF-8
    assert broken != text
    error = refused(
        read_csv_report,
        Upload("contributions.csv", broken),
        Upload("expenditures.csv", (SAMPLES / "expenditures.csv").read_bytes()),
    )
    assert error.codes == {"not_utf8"}


def _workbook_with(cell_text: str) -> bytes:
    """The sample workbook with the text of its first description cell replaced."""
    source = zipfile.ZipFile(io.BytesIO((SAMPLES / "report.xlsx").read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.namelist():
            data = source.read(entry)
            if entry == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                found = re.search(r'(<c r="I2"[^>]*><is><t>)([^<]*)(</t>)', text)
                assert found is not None
                data = (text[: found.start(2)] + cell_text + text[found.end(2) :]).encode()
            target.writestr(entry, data)
    return out.getvalue()


def test_a_workbook_cannot_carry_one_xml_refuses_the_reference() -> None:
    error = refused(read_xlsx_report, Upload("report.xlsx", _workbook_with("&#xD800;")))
    assert error.codes == {"xlsx_unreadable"}


def test_a_row_typed_on_the_page_is_refused_by_the_shared_row_rules() -> None:
    form = RowForm(
        "contributions",
        data={
            "line": "1",
            "date": "2026-10-05",
            "donor_kind": "individual",
            "donor_id": "21503198500123",
            "donor_name": "Асанов\ud800 Бакыт",
            "amount": "10.00",
            "method": "cash",
        },
    )
    assert not form.is_valid()
    with translation.override("en"):
        assert "U+D800" in str(form.errors["donor_name"])


def test_a_refused_value_quoted_in_a_message_is_escaped() -> None:
    assert shown("ab\ud800c") == "ab\\ud800c"
    assert escaped("\udfff") == "\\udfff"
    assert list(surrogates({"a": [1, {"b\ud800": "x"}]})) == [(("a", 1, "b\ud800"), 0xD800)]
    assert dotted(("a", 1, "b\ud800")) == "a[1].b\\ud800"


# the channels


@pytest.mark.django_db
def test_the_api_refuses_a_json_body_with_a_problem_and_files_nothing(fund: Fund) -> None:
    client = _client("treasurer", "filer", fund=fund)
    body = json.dumps(_body()).replace('"description": ""', f'"description": "{ESCAPE}"', 1)
    assert ESCAPE in body
    response = client.post(
        URL.format(fund="ata-jurt"),
        data=body.encode(),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 422, response.content
    assert [p["code"] for p in response.json()["problems"]] == ["lone_surrogate"]
    assert not ReportVersion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["file", "text"])
def test_the_api_refuses_one_in_a_multipart_report(fund: Fund, part: str) -> None:
    client = _client("treasurer", "filer", fund=fund)
    body = json.dumps(_body()).replace('"description": ""', f'"description": "{ESCAPE}"', 1)
    report: object = body
    if part == "file":
        report = SimpleUploadedFile("report.json", body.encode(), "application/json")
    response = client.post(
        URL.format(fund="ata-jurt"),
        data={"report": report},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 422, response.content
    assert [p["code"] for p in response.json()["problems"]] == ["lone_surrogate"]
    assert not ReportVersion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("upload", ["csv", "xlsx"])
def test_the_filing_page_shows_a_problem_and_stores_nothing(fund: Fund, upload: str) -> None:
    election_around_today(fund.election, days_to_election=40)
    client = signed_in(treasurer_of(fund))
    draft = start_draft(client, fund)
    if upload == "csv":
        text = (SAMPLES / "contributions.csv").read_bytes()
        files: dict[str, object] = {
            "format": "csv",
            "contributions": SimpleUploadedFile(
                "contributions.csv", text.replace("Шайлоо".encode(), b"\xed\xa0\x80", 1)
            ),
            "expenditures": SimpleUploadedFile(
                "expenditures.csv", (SAMPLES / "expenditures.csv").read_bytes()
            ),
        }
    else:
        files = {
            "format": "xlsx",
            "workbook": SimpleUploadedFile("r.xlsx", _workbook_with("&#xD800;")),
        }
    response = client.post(url(fund, "draft/upload/"), files)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "not UTF-8" in page if upload == "csv" else "cannot be read" in page
    assert not draft.contributions.exists()


@pytest.mark.django_db
def test_the_command_line_refuses_it_with_the_place(fund: Fund, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(with_escape(REPORT), encoding="utf-8")
    with pytest.raises(CommandError, match=r"report.json, line 1, column contributions\[0\]"):
        call_command(
            "file_report",
            *("--election", "jk-2026", "--fund", "ata-jurt", "--kind", "interim"),
            *("--period-from", "2026-03-01", "--period-to", "2026-03-31", "--json", str(path)),
        )
    assert not ReportVersion.objects.exists()
