"""Every hostile or broken file of the corpora, sent through the API, gets the answer its
manifest says, never a server error, and a refused file stores nothing."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from talapker.accounts.models import Role
from talapker.accounts.services import token_issue, user_create
from talapker.banking.models import BankLine, Statement
from talapker.banking.tests import make_corpus
from talapker.filings.models import ReportVersion
from talapker.filings.tests.conftest import CORPUS as REPORTS
from talapker.filings.tests.conftest import corpus_entries

pytestmark = pytest.mark.django_db
STATEMENTS = make_corpus.MANIFEST.parent
# Entries read with tighter limits than the platform's test the caps, not the channel.
STATEMENT_ENTRIES = [
    e for e in json.loads(make_corpus.MANIFEST.read_text(encoding="utf-8")) if "limits" not in e
]
REPORT_ENTRIES = [e for e in corpus_entries("json") if "limits" not in e]


def _client(role: str, **scope) -> APIClient:  # type: ignore[no-untyped-def]
    user = user_create(f"u-{role}", role, actor="test", **scope).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user, name='t', actor='t')[1]}")
    return client


@pytest.mark.parametrize("entry", REPORT_ENTRIES, ids=lambda e: e["file"])
def test_report_corpus_through_the_api(fund, entry: dict) -> None:
    client = _client(Role.FILER, fund=fund)
    body = (REPORTS / entry["file"]).read_bytes()
    response = client.post(
        "/api/v1/elections/jk-2026/funds/ata-jurt/reports",
        data=body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="corpus",
    )
    if entry["expect"] == "accept":
        assert response.status_code == 201, response.content
        assert ReportVersion.objects.filed().count() == 1
    else:
        assert response.status_code in {400, 422}, response.content
        assert not ReportVersion.objects.exists()


@pytest.mark.parametrize("entry", STATEMENT_ENTRIES, ids=lambda e: e["file"])
def test_statement_corpus_through_the_api(fund, entry: dict) -> None:
    client = _client(Role.BANK, bank="Айыл Банк")
    path = STATEMENTS / entry["file"]
    response = client.post(
        "/api/v1/bank/statements",
        data=path.read_bytes(),
        content_type="application/octet-stream",
        HTTP_X_FILE_NAME=path.name,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    if entry["outcome"] == "accept":
        if response.status_code == 403:  # a valid file of an account that is no fund's
            assert "special account" in response.json()["detail"]
            assert not Statement.objects.exists()
            return
        assert response.status_code == 201, response.content
        assert BankLine.objects.count() == entry.get("new_lines", entry["lines"])
    else:
        assert response.status_code in {400, 422}, response.content
        assert entry["reason_contains"] in response.json()["detail"]
        assert not Statement.objects.exists() and not BankLine.objects.exists()
