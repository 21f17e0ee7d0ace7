"""Filing by API (with retries) and by the command line; statements sent by a bank's API."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from talapker.accounts.models import Role
from talapker.accounts.services import token_issue, user_create
from talapker.audit.models import AuditEvent
from talapker.banking.models import BankLine, Statement
from talapker.banking.tests import money
from talapker.banking.tests.scenario import SAMPLES
from talapker.filings.models import Contribution, ReportVersion
from talapker.filings.tests.conftest import CORPUS

pytestmark = pytest.mark.django_db
URL = "/api/v1/elections/jk-2026/funds/{fund}/reports"


def _client(username: str, role: str, **scope) -> APIClient:  # type: ignore[no-untyped-def]
    user = user_create(username, role, actor="test", **scope).user
    _token, key = token_issue(user, name="integration", actor="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _body() -> dict:
    def row(item) -> dict:  # type: ignore[no-untyped-def]
        return {k: (str(v) if not isinstance(v, int) else v) for k, v in vars(item).items()}

    return {
        "kind": "interim",
        "period_from": money.PERIOD[0].isoformat(),
        "period_to": money.PERIOD[1].isoformat(),
        "contributions": [row(c) for c in money.CONTRIBUTIONS],
        "expenditures": [row(e) for e in money.EXPENDITURES],
    }


def _post(client: APIClient, body: dict, key: str = "k-1", fund: str = "ata-jurt"):  # type: ignore[no-untyped-def]
    return client.post(
        URL.format(fund=fund),
        data=json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retried_request_returns_the_first_receipt_and_files_once(fund) -> None:
    client = _client("treasurer", Role.FILER, fund=fund)
    first = _post(client, _body())
    assert first.status_code == 201, first.content
    again = _post(client, _body())
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["receipt"] == first.json()["receipt"]
    assert ReportVersion.objects.filed().count() == 1
    assert Contribution.objects.count() == len(money.CONTRIBUTIONS)
    assert AuditEvent.objects.filter(action="report.filed").count() == 1


def test_a_key_reused_for_another_report_is_refused(fund) -> None:
    client = _client("treasurer", Role.FILER, fund=fund)
    assert _post(client, _body()).status_code == 201
    changed = _body() | {"expenditures": []}
    response = _post(client, changed)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert ReportVersion.objects.filed().count() == 1


def test_a_new_key_files_a_correction_that_supersedes(fund) -> None:
    client = _client("treasurer", Role.FILER, fund=fund)
    first = _post(client, _body(), key="a").json()
    second = _post(client, _body() | {"expenditures": []}, key="b").json()
    assert (first["version"], second["version"]) == (1, 2)
    listed = client.get(URL.format(fund="ata-jurt")).json()["results"]
    assert [(v["number"], v["is_current"]) for v in listed] == [(1, False), (2, True)]
    assert listed[0]["expenditures"] == 3 and listed[1]["expenditures"] == 0
    assert listed[0]["contributions_total"] == "208000.50"


def test_the_key_is_required(fund) -> None:
    client = _client("treasurer", Role.FILER, fund=fund)
    response = client.post(URL.format(fund="ata-jurt"), data=_body(), format="json")
    assert response.status_code == 400
    assert not ReportVersion.objects.exists()


def test_a_bad_report_lists_every_problem_and_stores_nothing(fund) -> None:
    client = _client("treasurer", Role.FILER, fund=fund)
    body = _body()
    body["contributions"][0]["amount"] = "12,50"
    body["contributions"][1]["date"] = "2025-02-30"
    response = _post(client, body)
    assert response.status_code == 422
    problems = response.json()["problems"]
    columns = {p["column"] for p in problems}
    assert {"contributions[0].amount", "contributions[1].date"} <= columns
    assert not ReportVersion.objects.exists()


def test_a_scan_with_javascript_is_quarantined_and_nothing_is_filed(fund) -> None:
    from talapker.filings.models import QuarantinedFile

    client = _client("treasurer", Role.FILER, fund=fund)
    bad = CORPUS / "pdf" / "javascript_open_action.pdf"
    response = client.post(
        URL.format(fund="ata-jurt"),
        data={"report": json.dumps(_body()), "scan": bad.open("rb")},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="with-scan",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "JavaScript" in response.json()["detail"]
    assert not ReportVersion.objects.exists()
    assert QuarantinedFile.objects.count() == 1


def test_a_report_with_its_scan_by_multipart(fund) -> None:
    client = _client("treasurer", Role.FILER, fund=fund)
    scan = CORPUS / "pdf" / "clean_scan.pdf"
    response = client.post(
        URL.format(fund="ata-jurt"),
        data={"report": json.dumps(_body()), "scan": scan.open("rb")},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="with-scan",
    )
    assert response.status_code == 201, response.content
    assert response.json()["scan_sha256"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 401), ("other filer", 404), ("bank", 403), ("auditor", 403)],
)
def test_only_the_funds_filers_may_file(election, who: str, expected: int) -> None:
    if who == "anonymous":
        client = APIClient()
    elif who == "other filer":
        client = _client("other", Role.FILER, fund=election.funds.get(code="ishenim"))
    elif who == "bank":
        client = _client("bank", Role.BANK, bank="Айыл Банк")
    else:
        client = _client("auditor", Role.AUDITOR)
    response = _post(client, _body())
    assert response.status_code in {expected, 401 if expected == 403 else expected}
    assert response.status_code != 201
    assert not ReportVersion.objects.exists()


def test_a_bank_sends_a_statement_twice(fund) -> None:
    client = _client("aiyl", Role.BANK, bank="Айыл Банк")
    data = (SAMPLES / "mt940_structured_utf8.sta").read_bytes()
    first = client.post(
        "/api/v1/bank/statements",
        data=data,
        content_type="application/octet-stream",
        HTTP_X_FILE_NAME="oct.sta",
        HTTP_IDEMPOTENCY_KEY="s1",
    )
    assert first.status_code == 201, first.content
    assert first.json()["new_lines"] == 7
    again = client.post(
        "/api/v1/bank/statements",
        data=data,
        content_type="application/octet-stream",
        HTTP_X_FILE_NAME="oct.sta",
        HTTP_IDEMPOTENCY_KEY="s1",
    )
    assert again.status_code == 200
    assert again.json()["unchanged"] is True
    assert BankLine.objects.count() == 7


def test_a_bank_may_not_send_another_banks_account(fund) -> None:
    client = _client("eldik", Role.BANK, bank="Элдик Банк")
    response = client.post(
        "/api/v1/bank/statements",
        data={"file": (SAMPLES / "camt053_v08.xml").open("rb")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403  # and the same words as for no fund's account
    assert "special account at your bank" in response.json()["detail"]
    assert not Statement.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", Role.FILER, Role.AUDITOR])
def test_only_banks_send_statements(fund, role: str) -> None:
    if role == "anonymous":
        client = APIClient()
    elif role == Role.FILER:
        client = _client("filer", role, fund=fund)
    else:
        client = _client("auditor", role)
    response = client.post(
        "/api/v1/bank/statements",
        data=(SAMPLES / "statement.csv").read_bytes(),
        content_type="text/csv",
    )
    assert response.status_code in {401, 403}
    assert not Statement.objects.exists()


def test_file_report_from_the_command_line(fund, tmp_path, capsys) -> None:
    (tmp_path / "report.json").write_text(json.dumps(_body()), encoding="utf-8")
    call_command(
        "file_report",
        "--election",
        "jk-2026",
        "--fund",
        "ata-jurt",
        "--kind",
        "interim",
        "--period-from",
        "2025-10-01",
        "--period-to",
        "2025-10-31",
        "--json",
        str(tmp_path / "report.json"),
        "--scan",
        str(CORPUS / "pdf" / "clean_scan.pdf"),
    )
    out = capsys.readouterr().out
    version = ReportVersion.objects.get()
    assert f"receipt: {version.receipt}" in out
    assert f"sha256: {version.content_sha256}" in out


def test_file_report_refuses_a_bad_file_with_its_line(fund, tmp_path) -> None:
    c = tmp_path / "contributions.csv"
    e = tmp_path / "expenditures.csv"
    c.write_text(
        "line,date,donor_kind,donor_id,donor_name,amount,method,bank_ref,description\n"
        "1,2025-10-01,individual,21503198500123,A,-5.00,bank,R1,\n",
        encoding="utf-8",
    )
    e.write_text(
        "line,date,category,payee_name,payee_id,amount,method,bank_ref,description\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"contributions.csv, line 2, column amount"):
        call_command(
            "file_report",
            "--election",
            "jk-2026",
            "--fund",
            "ata-jurt",
            "--kind",
            "final",
            "--period-from",
            "2025-10-01",
            "--period-to",
            "2025-10-31",
            "--contributions",
            str(c),
            "--expenditures",
            str(e),
        )
    assert not ReportVersion.objects.exists()


def test_import_statement_from_the_command_line(fund, capsys) -> None:
    for _ in range(2):
        call_command("import_statement", "--election", "jk-2026", str(SAMPLES / "camt053_v02.xml"))
    out = capsys.readouterr().out
    assert "7 lines, 7 new" in out
    assert "received before" in out
    with pytest.raises(CommandError, match="no election"):
        call_command("import_statement", "--election", "nope", str(SAMPLES / "statement.csv"))
