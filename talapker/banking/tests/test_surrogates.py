"""A lone surrogate (U+D800..U+DFFF alone: not a character) never gets into a statement: each
parser refuses every way a bank file can write one, the checks every statement passes refuse
one a parser might let through, and each channel answers with the refusal, never a 500."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from talapker.accounts.models import Role
from talapker.accounts.testing import make_user, sign_in
from talapker.audit.models import AuditEvent
from talapker.banking.models import BankLine, Statement
from talapker.banking.statements import parse_statement
from talapker.banking.statements.checks import validate
from talapker.banking.tests.scenario import SAMPLES
from talapker.core.errors import InputError
from talapker.filings.tests.test_filing_api import _client

WORD = "Пожертвование".encode()
# U+D800 as a UTF-8 encoder that lets surrogates through would write it (CESU-8, WTF-8).
ENCODED = b"\xed\xa0\x80"


def nothing_stored() -> bool:
    return (
        not Statement.objects.exists()
        and not BankLine.objects.exists()
        and not AuditEvent.objects.filter(action="statement.imported").exists()
    )


def with_surrogate(name: str, written: bytes = ENCODED) -> bytes:
    data = (SAMPLES / name).read_bytes()
    assert WORD in data
    return data.replace(WORD, written, 1)


@pytest.mark.parametrize(
    ("name", "written", "reason"),
    [
        ("statement.csv", ENCODED, "not UTF-8"),
        ("mt940_structured_utf8.sta", ENCODED, "not text in UTF-8, cp1251 or cp866"),
        ("camt053_v02.xml", ENCODED, "not well-formed"),
        ("camt053_v02.xml", b"&#xD800;", "invalid character"),
        ("camt053_v08.xml", b"&#55296;", "invalid character"),
    ],
)
def test_every_parser_refuses_each_way_a_file_can_write_one(
    name: str, written: bytes, reason: str
) -> None:
    with pytest.raises(InputError, match=reason) as refused:
        parse_statement(name, with_surrogate(name, written))
    assert refused.value.line is not None
    str(refused.value).encode("utf-8")


def test_the_checks_of_every_statement_refuse_one_a_parser_let_through() -> None:
    statement = parse_statement("statement.csv", (SAMPLES / "statement.csv").read_bytes())
    statement = statement.statements[0]
    lines = list(statement.lines)
    lines[2] = dataclasses.replace(lines[2], purpose="Оплата \udc00", source_line=4)
    broken = dataclasses.replace(statement, lines=tuple(lines))
    with pytest.raises(InputError) as refused:
        validate(broken, "statement.csv")
    error = refused.value
    assert (error.line, error.column) == (4, "purpose")
    assert "U+DC00" in error.reason
    str(error).encode("utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["raw", "multipart"])
def test_the_bank_api_answers_422_and_stores_nothing(fund, how: str) -> None:  # type: ignore[no-untyped-def]
    client = _client("aiyl", Role.BANK, bank="Айыл Банк")
    data = with_surrogate("camt053_v02.xml", b"&#xD800;")
    if how == "raw":
        response = client.post(
            "/api/v1/bank/statements",
            data=data,
            content_type="application/xml",
            HTTP_X_FILE_NAME="oct.xml",
        )
    else:
        response = client.post(
            "/api/v1/bank/statements",
            data={"file": SimpleUploadedFile("oct.xml", data)},
            format="multipart",
        )
    assert response.status_code == 422, response.content
    assert response.json()["line"] is not None
    assert nothing_stored()


@pytest.mark.django_db
def test_the_staff_upload_shows_the_refusal_and_stores_nothing(client, fund) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, make_user("auditor", Role.AUDITOR))
    data = with_surrogate("statement.csv")
    response = client.post(
        "/en/staff/statements/upload/", {"file": SimpleUploadedFile("s.csv", data)}
    )
    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()
    assert nothing_stored()


@pytest.mark.django_db
def test_the_command_line_refuses_it(fund, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "oct.sta"
    path.write_bytes(with_surrogate("mt940_structured_utf8.sta"))
    with pytest.raises(CommandError, match=r"oct\.sta, line \d+"):
        call_command("import_statement", "--election", "jk-2026", str(path))
    assert nothing_stored()
