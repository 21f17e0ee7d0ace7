"""405, 406, 404 and 429 under /api/ are JSON problems with a stable code, in Kyrgyz,
Russian or English as asked, and stored by no cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from talapker.core.tests.language import english_words

pytestmark = pytest.mark.django_db

CASES = {  # status: (method, path, headers, code)
    405: ("post", "/api/v1/elections", {}, "method_not_allowed"),
    406: ("get", "/api/v1/elections", {"HTTP_ACCEPT": "application/xml"}, "not_acceptable"),
    404: ("get", "/api/v1/elections/nope/parties", {}, "not_found"),
    429: ("get", "/api/v1/elections", {}, "throttled"),
}


@pytest.fixture
def one_request_a_minute(settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings.TALAPKER_COUNTERS = str(tmp_path / "counters.sqlite3")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": None},
    }


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
@pytest.mark.parametrize("status", sorted(CASES))
def test_an_api_error_is_a_problem_in_the_requesters_language(
    client: Client, election, one_request_a_minute, status: int, language: str
) -> None:
    method, path, headers, code = CASES[status]
    if status == 429:
        assert client.get(path).status_code == 200
    response = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE=language, **headers)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    if language != "en":
        assert english_words(body["detail"], allowed={"POST", "Accept"}) == [], body
    assert "no-store" in response["Cache-Control"]
    if status == 405:
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    if status == 429:
        assert int(response["Retry-After"]) >= 1


def test_the_problems_differ_by_language(client: Client, election) -> None:
    details = {
        client.get("/api/v1/nope", HTTP_ACCEPT_LANGUAGE=language).json()["detail"]
        for language in ("ky", "ru", "en")
    }
    assert len(details) == 3
