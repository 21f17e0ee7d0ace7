"""The API keeps the promises of its OpenAPI document (Schemathesis, in-process through the
WSGI application): on a small filed election, requests generated from the document for
every read operation never meet a server error, and every answer — status, media type,
headers and body — is one the document declares. Every write operation too, sent with the
credentials it needs (a filer's and a bank's token, a precinct's): generated bodies reach
the parsers (400, 422) and never a server error.

Each operation gets a few deterministic examples (`derandomize`), so the run is short and
the same every time. Path parameters that name the election's own things are set to ones
that exist, so that the filters, cursors and formats are what gets explored rather than 404s
(test_api_errors.py covers those); any other path parameter is left to the generator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from talapker.banking.tests import money
from talapker.filings.formats.model import ReportData
from talapker.filings.services import report_file

EXAMPLES = 6  # per operation: about 15 operations in well under a minute
KNOWN = {"election": "jk-2026", "party": "ata-jurt", "fund": "ata-jurt", "position": 1}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def filed(fund):  # type: ignore[no-untyped-def]
    """«Ата-Журт» of the sample election filed its report."""
    report = ReportData(money.CONTRIBUTIONS, money.EXPENDITURES)
    report_file(fund, "interim", *money.PERIOD, report, channel="cli", actor="t")
    return fund


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction (PostgreSQL); Django's own test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _known(case: Any) -> Any:
    for name in case.path_parameters or {}:
        if name in KNOWN:
            case.path_parameters[name] = KNOWN[name]
    return case


def test_every_read_keeps_the_documents_promises(filed: Any, connection_kept: None) -> None:
    # One test walking the operations: Schemathesis's own pytest loader (`from_fixture`)
    # does not run under pytest 9, and the document needs the database (a fixture).
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 10

    failures = {}
    for operation in operations:

        @given(case=operation.as_strategy().map(_known))
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def explore(case: Any) -> None:
            # The WSGI client would not undo gzip (which the client asks for by default).
            case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)

        try:
            explore()
        except (Exception, BaseExceptionGroup) as failure:  # explore them all, then fail
            failures[operation.label] = _described(failure)
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def _described(failure: BaseException) -> str:
    parts = [str(failure)]
    if isinstance(failure, BaseExceptionGroup):
        parts += [str(error) for error in failure.exceptions]
    return "\n".join(parts)


@pytest.fixture
def credentials(filed: Any) -> dict[str, str]:
    """A filer of «Ата-Журт», its bank and a precinct of the election: whoever may write."""
    from talapker.accounts.models import Role
    from talapker.accounts.services import token_issue
    from talapker.accounts.testing import make_user
    from talapker.results.tokens import issue
    from talapker.voters.models import Precinct

    Precinct.objects.create(
        code="1001", name_ky="№1001", name_ru="№1001", region="Чүй облусу", district="1-округ",
        address="Токмок", country="KGZ", latitude=42.8, longitude=75.3,
    )  # fmt: skip
    filer = make_user("schema-filer", Role.FILER, fund=filed)
    bank = make_user("schema-bank", Role.BANK, bank="Айыл Банк")
    return {
        "filer": token_issue(filer, name="schema", actor="t")[1],
        "bank": token_issue(bank, name="schema", actor="t")[1],
        "precinct": issue(filed.election, ["1001"], actor="t")["1001"],
    }


def test_every_write_meets_no_server_error(
    credentials: dict[str, str], connection_kept: None
) -> None:
    """Every write operation of the document (reports, bank statements, protocols,
    complaints, the voter lookup, the bot), with generated bodies, headers and parameters,
    sent with the credentials it needs: whatever the body, the answer is never a 5xx."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [
        result.ok() for result in schema.exclude(method=["GET", "HEAD"]).get_all_operations()
    ]
    assert {op.path for op in operations} >= {
        "/api/v1/elections/{election}/funds/{fund}/reports", "/api/v1/bank/statements",
        "/api/v1/elections/{election}/protocols", "/api/v1/complaints",
    }  # fmt: skip

    def signed(case: Any) -> dict[str, str]:
        headers = {"Accept-Encoding": "identity"}
        if case.path.endswith("/protocols"):
            headers["X-Precinct-Token"] = credentials["precinct"]
        elif case.path.endswith("/statements"):
            headers["Authorization"] = f"Token {credentials['bank']}"
        else:
            headers["Authorization"] = f"Token {credentials['filer']}"
        return headers

    failures = {}
    for operation in operations:

        @given(case=operation.as_strategy().map(_known))
        @settings(
            max_examples=EXAMPLES * 2,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def explore(case: Any) -> None:
            case.call_and_validate(headers=signed(case), checks=[not_a_server_error])

        try:
            explore()
        except (Exception, BaseExceptionGroup) as failure:  # explore them all, then fail
            failures[operation.label] = _described(failure)
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
