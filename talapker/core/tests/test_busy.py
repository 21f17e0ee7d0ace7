"""A lock that outlasts the wait answers 503 with Retry-After (a JSON problem on the API, the
translated page in the browser), never 500; writers whose lock comes free within the wait
all succeed. On the database the tests run on: SQLite in a file, or PostgreSQL."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connection, connections
from django.test import Client, RequestFactory
from django.utils import translation
from rest_framework.test import APIClient

from talapker.accounts.models import Role
from talapker.accounts.services import token_issue
from talapker.accounts.testing import make_user, sign_in
from talapker.banking.tests import money
from talapker.core.busy import is_lock_wait, server_error
from talapker.core.tests.locks import ServerDatabase
from talapker.filings.models import ReportVersion
from talapker.filings.tests.pages import election_around_today, url
from talapker.funds.models import Fund

pytestmark = pytest.mark.django_db(transaction=True)
REPORTS = "/api/v1/elections/jk-2026/funds/ata-jurt/reports"


@pytest.fixture
def server_database(fund: Fund, tmp_path: Path, settings: Any) -> Iterator[ServerDatabase]:
    database = ServerDatabase(tmp_path, settings)
    yield database
    database.restore()


@pytest.fixture
def api_key(fund: Fund) -> str:
    treasurer = make_user("treasurer", Role.FILER, fund=fund)
    return token_issue(treasurer, name="party software", actor="test")[1]


@pytest.fixture
def browser(fund: Fund) -> Client:
    election_around_today(fund.election, days_to_election=40)  # drafts may be started
    client = Client()
    sign_in(client, make_user("browser_treasurer", Role.FILER, fund=fund))
    return client


def _report() -> bytes:
    def row(item: Any) -> dict[str, Any]:
        return {k: (str(v) if not isinstance(v, int) else v) for k, v in vars(item).items()}

    return json.dumps(
        {
            "kind": "interim",
            "period_from": money.PERIOD[0].isoformat(),
            "period_to": money.PERIOD[1].isoformat(),
            "contributions": [row(c) for c in money.CONTRIBUTIONS],
            "expenditures": [row(e) for e in money.EXPENDITURES],
        }
    ).encode()


def file_report(api_key: str, key: str, language: str = "en") -> Any:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key}")
    return client.post(
        REPORTS,
        data=_report(),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def start_draft(browser: Client, fund: Fund, language: str = "en") -> Any:
    """The report page's form, sent with the period it proposes (a read, then a write)."""
    form = browser.get(url(fund, lang=language)).context["form"]
    period = {name: form.initial[name].isoformat() for name in ("period_from", "period_to")}
    return browser.post(url(fund, lang=language), period)


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no {language} translation"
    return translated


def test_a_filing_that_outlasts_the_wait_gets_503_and_may_be_sent_again(
    server_database: ServerDatabase, api_key: str
) -> None:
    server_database.wait(0.2)
    with server_database.write_lock():
        response = file_report(api_key, "k-1", language="ru")
    assert response.status_code == 503, response.content
    assert int(response["Retry-After"]) >= 1
    problem = response.json()
    assert problem["code"] == "busy"
    assert problem["detail"] == in_language(
        "ru",
        "The server is busy saving other changes and could not save yours in time. "
        "Try again in a few seconds.",
    )
    assert ReportVersion.objects.filed().count() == 0
    assert file_report(api_key, "k-1").status_code == 201  # the same request, sent again


def test_a_form_that_outlasts_the_wait_gets_the_translated_busy_page(
    server_database: ServerDatabase, browser: Client, fund: Fund
) -> None:
    server_database.wait(0.2)
    with server_database.write_lock():
        response = start_draft(browser, fund, language="ky")
    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    page = response.content.decode()
    assert f"<h1>{in_language('ky', 'Busy, try again')}</h1>" in page
    assert 'class="site-header"' in page and 'lang="ky"' in page  # the site's own page
    assert ReportVersion.objects.count() == 0
    assert start_draft(browser, fund).status_code == 302  # sent again


def test_writers_whose_lock_comes_free_within_the_wait_all_succeed(
    server_database: ServerDatabase, api_key: str, browser: Client, fund: Fund
) -> None:
    server_database.wait(60)  # far longer than the lock is held below
    writers: list[Callable[[], Any]] = [
        *(lambda n=n: file_report(api_key, f"parallel-{n}") for n in range(3)),
        lambda: start_draft(browser, fund),
    ]
    statuses: list[Any] = [None] * len(writers)
    started = threading.Barrier(len(writers) + 1)

    def run(index: int) -> None:
        try:
            started.wait()
            statuses[index] = writers[index]().status_code
        except Exception as exc:  # reported by the assertion below
            statuses[index] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(writers))]
    with server_database.write_lock():
        for thread in threads:
            thread.start()
        started.wait()  # every writer is on its way to the held lock
    for thread in threads:
        thread.join()
    assert statuses == [201, 201, 201, 302]
    numbers = ReportVersion.objects.filed().values_list("number", flat=True)
    assert sorted(numbers) == [1, 2, 3]
    assert ReportVersion.objects.filter(state=ReportVersion.State.DRAFT).count() == 1


def test_the_lock_wait_is_one_setting_on_every_connection(settings: Any) -> None:
    wait = settings.TALAPKER_DB_LOCK_WAIT
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # no PRAGMA may set another busy timeout
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == round(wait * 1000)
        else:
            cursor.execute("SELECT setting FROM pg_settings WHERE name = 'lock_timeout'")
            assert int(cursor.fetchone()[0]) == round(wait * 1000)


def test_a_lock_met_outside_any_view_is_busy_too(rf: RequestFactory) -> None:
    request = rf.post("/ru/accounts/login/")
    request.user = AnonymousUser()
    with translation.override("ru"):
        try:
            raise OperationalError("database is locked")  # as a session saved on the way out
        except OperationalError:
            busy = server_error(request)
        try:
            raise OperationalError("no such table: django_session")
        except OperationalError:
            broken = server_error(request)
    assert busy.status_code == 503 and busy.has_header("Retry-After")
    assert in_language("ru", "Busy, try again") in busy.content.decode()
    assert broken.status_code == 500


@pytest.mark.parametrize(
    ("message", "busy"),
    [
        ("database is locked", True),
        ("database table is locked: filings_report", True),
        ("no such table: filings_report", False),
    ],
)
def test_only_a_lock_is_busy(message: str, busy: bool) -> None:
    assert is_lock_wait(OperationalError(message)) is busy
    assert not is_lock_wait(ValueError("database is locked"))
