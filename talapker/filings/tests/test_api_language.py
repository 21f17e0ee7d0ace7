"""The writing API answers in the requester's language (`Accept-Language`, Kyrgyz by
default): a refused report (its summary "and N more problems" and each problem), the JSON
parser's own reason with line and column, a refused bank statement (every refusal of the
bank corpus), the missing header or file, a fund the user may not file for. With `ky` and
`ru` no English word is left outside codes, file names and quoted values; with `en` it
reads in English."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from talapker.accounts.models import Role
from talapker.accounts.services import token_issue, user_create
from talapker.banking.statements.csvformat import COLUMNS as STATEMENT_COLUMNS
from talapker.banking.tests import make_corpus
from talapker.banking.tests.scenario import SAMPLES
from talapker.core.tests.language import english_words
from talapker.filings.models import ReportVersion

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/elections/jk-2026/funds/ata-jurt/reports"
STATEMENTS = "/api/v1/bank/statements"
REFUSED = [
    e
    for e in json.loads(make_corpus.MANIFEST.read_text(encoding="utf-8"))
    if e["outcome"] == "reject" and "limits" not in e
]
# Words a message may hold in Latin letters: field names (a statement's columns, where a
# problem lies) and the name of the header a write needs.
ALLOWED = {*STATEMENT_COLUMNS, "Idempotency-Key", "Idempotency", "Key"}


def _client(role: str, **scope: Any) -> APIClient:
    user = user_create(f"u-{role}", role, actor="test", **scope).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user, name='t', actor='t')[1]}")
    return client


def _texts(body: dict[str, Any]) -> list[str]:
    """What a reader of the answer reads: its detail and each problem's message."""
    texts = [str(body["detail"])] if "detail" in body else []
    texts += [str(p["message"]) for p in body.get("problems", [])]
    places = ("file", "line", "column") if "detail" in body else ()
    for key, value in body.items():  # a field's own messages (DRF's ValidationError)
        if key not in ("detail", "problems", "code", *places):
            texts += [str(v) for v in (value if isinstance(value, list) else [value])]
    return texts


def _assert_in(language: str, body: dict[str, Any]) -> None:
    texts = _texts(body)
    assert texts, body
    if language == "en":
        assert any(english_words(t) for t in texts), texts
    else:
        for text in texts:
            assert english_words(text, ALLOWED) == [], (language, text)


def _report(client: APIClient, body: bytes, language: str, key: str = "k") -> Any:
    return client.post(
        REPORTS,
        data=body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _rows(count: int) -> list[dict[str, Any]]:
    """Contributions that are each refused (a zero amount)."""
    return [
        {"line": n, "date": "2026-10-10", "donor_kind": "individual", "donor_name": "Асан",
         "amount": "0", "method": "cash"}
        for n in range(1, count + 1)
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_refused_report_and_its_count_of_more_problems(fund, language: str) -> None:
    client = _client(Role.FILER, fund=fund)
    body = {"kind": "interim", "period_from": "2026-10-01", "period_to": "2026-10-31",
            "contributions": _rows(5), "expenditures": []}  # fmt: skip
    response = _report(client, json.dumps(body).encode(), language)
    assert response.status_code == 422, response.content
    answer = response.json()
    _assert_in(language, answer)
    assert "4" in answer["detail"]
    if language == "en":
        assert answer["detail"].endswith("(and 4 more problems)")
        assert "line 1, column contributions[0].amount" in answer["detail"]
    assert not ReportVersion.objects.exists()


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_the_json_parsers_reason_with_its_line_and_column(fund, language: str) -> None:
    client = _client(Role.FILER, fund=fund)
    response = _report(client, b'{"kind": "interim",\n  "period_from" "2026-10-01"}', language)
    assert response.status_code == 422, response.content
    answer = response.json()
    [problem] = answer["problems"]
    assert (problem["code"], problem["line"]) == ("json_invalid", 2)
    assert "17" in problem["message"]  # the column
    _assert_in(language, answer)
    if language == "en":
        assert problem["message"] == "not valid JSON: a colon (:) is expected (column 17)"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_multipart_report_with_bad_json_and_nan(fund, language: str) -> None:
    client = _client(Role.FILER, fund=fund)
    for text in ('{"kind": "interim", "contributions": [1, 2', '{"amount": NaN}'):
        response = client.post(
            REPORTS, {"report": text}, format="multipart",
            HTTP_IDEMPOTENCY_KEY="m", HTTP_ACCEPT_LANGUAGE=language,
        )  # fmt: skip
        assert response.status_code == 422, response.content
        _assert_in(language, response.json())


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_missing_key_and_another_funds_report(fund, language: str) -> None:
    client = _client(Role.FILER, fund=fund)
    response = client.post(REPORTS, data=b"{}", content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    assert response.status_code == 400
    _assert_in(language, response.json())
    other = REPORTS.replace("ata-jurt", "ishenim")
    response = client.post(other, data=b"{}", content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="k", HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    _assert_in(language, response.json())


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_every_refused_statement_is_explained_in_the_requesters_language(
    fund, language: str
) -> None:
    client = _client(Role.BANK, bank="Айыл Банк")
    for entry in REFUSED:
        path = make_corpus.CORPUS / entry["file"]
        response = client.post(
            STATEMENTS, data=path.read_bytes(), content_type="application/octet-stream",
            HTTP_X_FILE_NAME=path.name, HTTP_ACCEPT_LANGUAGE=language,
        )  # fmt: skip
        assert response.status_code in {400, 422}, (entry["file"], response.content)
        answer = response.json()
        assert answer["detail"].startswith(path.name), answer
        for text in _texts(answer):
            assert english_words(text, ALLOWED) == [], (entry["file"], text)


def test_a_refused_statement_reads_in_english_when_asked(fund) -> None:
    client = _client(Role.BANK, bank="Айыл Банк")
    entry = next(e for e in REFUSED if e["file"] == "mt940/amount_three_decimals.sta")
    path = make_corpus.CORPUS / entry["file"]
    response = client.post(
        STATEMENTS, data=path.read_bytes(), content_type="application/octet-stream",
        HTTP_X_FILE_NAME=path.name, HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 422
    assert entry["reason_contains"] in response.json()["detail"]


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_a_statement_of_no_fund_and_a_form_without_its_file(fund, language: str) -> None:
    client = _client(Role.BANK, bank="Айыл Банк")
    sample = (SAMPLES / "statement.csv").read_bytes()
    unknown = sample.replace(b"1350100012345678", b"1350100099999999")
    response = client.post(
        STATEMENTS, data=unknown, content_type="text/csv",
        HTTP_X_FILE_NAME="statement.csv", HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip
    assert response.status_code == 403, response.content  # not an account at this bank
    _assert_in(language, response.json())
    response = client.post(STATEMENTS, {}, format="multipart", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    _assert_in(language, response.json())
