"""A write that the disk or the database server cannot take now (a full disk, PostgreSQL
restarting, a broken connection) answers 503 "unavailable" with Retry-After, never 500;
nothing is stored, and the same request sent again once the server is back stores it once.
The whole story, through the production server with real faults, is faults/harness.py's
(tests/test_faults.py); here each answer, on the database the tests run on."""

from __future__ import annotations

import errno
from typing import Any

import psycopg
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, InterfaceError, OperationalError
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from talapker.accounts.models import Role
from talapker.accounts.services import token_issue
from talapker.accounts.testing import make_user
from talapker.banking.models import BankLine, Statement
from talapker.banking.tests.scenario import SAMPLES
from talapker.core import files
from talapker.core.busy import UNAVAILABLE_WAIT, is_unavailable, server_error
from talapker.core.tests.test_busy import api_key, browser, file_report, in_language, start_draft
from talapker.filings.models import ReportVersion
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["api_key", "browser"]  # the fixtures, shared with test_busy.py

UNAVAILABLE = (
    "The server cannot save anything at the moment: its storage or database is not "
    "available. Nothing was saved. Send the same request again in a minute."
)


def _wrapped(cause: BaseException) -> OperationalError:
    """An error as Django raises it: its own class, the driver's error as the cause."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError("database or disk is full"), True),  # SQLite, SQLITE_FULL
        (OperationalError("disk I/O error"), True),
        (OSError(errno.ENOSPC, "No space left on device"), True),  # a file being stored
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (_wrapped(psycopg.errors.AdminShutdown("terminating connection")), True),  # 57P01
        (_wrapped(psycopg.errors.CannotConnectNow("the database system is starting up")), True),
        (_wrapped(psycopg.errors.DiskFull("could not extend file")), True),  # 53100
        (_wrapped(psycopg.OperationalError("connection failed: Connection refused")), True),
        (InterfaceError("connection already closed"), True),
        (OperationalError("no such table: filings_report"), False),  # broken, not gone
        (_wrapped(psycopg.errors.UndefinedTable("relation does not exist")), False),
        (OSError(errno.ENOENT, "No such file or directory"), False),
        (DatabaseError("database or disk is full"), False),  # not Django's OperationalError
        (ValueError("database or disk is full"), False),
    ],
)
def test_what_counts_as_unavailable(error: BaseException, unavailable: bool) -> None:
    assert is_unavailable(error) is unavailable


def test_a_filing_on_a_full_database_gets_503_and_may_be_sent_again(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(ReportVersion, "save", full)
    response = file_report(api_key, "k-full", language="ky")
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == str(UNAVAILABLE_WAIT)
    assert response.json() == {"detail": in_language("ky", UNAVAILABLE), "code": "unavailable"}
    monkeypatch.undo()
    assert ReportVersion.objects.filed().count() == 0
    assert file_report(api_key, "k-full").status_code == 201  # the same request, sent again
    assert file_report(api_key, "k-full").status_code == 200  # and again: stored once
    assert ReportVersion.objects.filed().count() == 1


def test_a_statement_on_a_full_disk_gets_503_and_nothing_is_kept(
    fund: Fund, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = make_user("bank-full", Role.BANK, bank="Айыл Банк")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(bank, name='robot', actor='t')[1]}")

    def send() -> Any:
        return client.post(
            "/api/v1/bank/statements", data=(SAMPLES / "statement.csv").read_bytes(),
            content_type="text/csv", HTTP_X_FILE_NAME="statement.csv", HTTP_ACCEPT_LANGUAGE="ru",
        )  # fmt: skip

    def no_space(*args: Any, **kwargs: Any) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.StagedFileStorage, "_save", no_space)
    response = send()
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "unavailable"
    assert response.json()["detail"] == in_language("ru", UNAVAILABLE)
    assert not Statement.objects.exists() and not BankLine.objects.exists()
    monkeypatch.undo()
    assert send().status_code == 201
    assert send().json()["unchanged"] is True  # a retry whose answer was lost stores nothing


def test_a_form_when_the_database_is_gone_gets_the_translated_page(
    browser: Client, fund: Fund, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gone(*args: Any, **kwargs: Any) -> None:
        raise _wrapped(psycopg.errors.AdminShutdown("terminating connection"))

    monkeypatch.setattr("talapker.filings.views.reports.draft_start", gone)
    response = start_draft(browser, fund, language="ky")
    assert response.status_code == 503
    assert response["Retry-After"] == str(UNAVAILABLE_WAIT)
    page = response.content.decode()
    assert in_language("ky", UNAVAILABLE) in page
    assert 'class="site-header"' in page and 'lang="ky"' in page


def test_a_full_disk_met_outside_any_view_is_unavailable_too(rf: Any) -> None:
    """As a session saved on the way out, on a full disk: `handler500` answers the 503."""
    request = rf.post("/ru/accounts/login/")
    request.user = AnonymousUser()
    with translation.override("ru"):
        try:
            raise OperationalError("database or disk is full")
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(UNAVAILABLE_WAIT)
    assert in_language("ru", UNAVAILABLE) in response.content.decode()
