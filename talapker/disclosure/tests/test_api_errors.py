"""Every API error is a JSON problem in the requester's language (ky by default): a bad
cursor is 400 on every cursor-paged list, an unknown election, party or fund is 404 on every
path under it, an unknown path and an unhandled exception are JSON, never Django's HTML.

The paged lists and the nested paths are read from the API's URLconf, so a list added later
is checked without touching this file."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import translation
from rest_framework.exceptions import ParseError
from rest_framework.mixins import ListModelMixin
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser

from talapker.candidates.models import Candidate
from talapker.core.api.errors import api_exception_handler
from talapker.core.names import name_key
from talapker.core.tests.language import english_words
from talapker.disclosure import api, api_urls
from talapker.funds.models import Fund
from talapker.parties.models import Party

pytestmark = pytest.mark.django_db

# A value for each URL parameter: the sample election, and «Ата Мекен» of the issue.
KNOWN = {"election": "jk-2026", "party": "ata-meken", "fund": "ata-meken", "position": 1}
LANGUAGES = {"ky": "Курсор жараксыз", "ru": "Неверный курсор", "en": "Invalid cursor"}


def _b64(text: bytes) -> str:
    return base64.b64encode(text).decode()


# Cursors that decode to nothing DRF can read, or to a position that is no value of the
# list's ordering field: bad base64, not ASCII, a negative or non-numeric offset, a reverse
# flag that is not 0 or 1, positions that are not a number or date or overflow the column.
BAD_CURSORS = [
    "cD1hYmM=",  # p=abc, the issue's cursor
    "!!!",
    "é",
    _b64(b"\xff\xfe"),
    _b64(b"o=-1"),
    _b64(b"o=abc"),
    _b64(b"r=x"),
    _b64(b"p=99999999999999999999999999"),
    _b64(b"p=-99999999999999999999999&r=1"),
    _b64(b"p=2026-99-99"),
    _b64(b"p=1.5"),
]


@pytest.fixture
def meken(election):  # type: ignore[no-untyped-def]
    party = Party.objects.create(
        election=election,
        code="ata-meken",
        name_ky="Ата Мекен",
        name_ru="Ата Мекен",
        name_en="Ata Meken",
        registration_no="4001-3301-ПП",
        leader="Текебаев Өмүрбек Чиркешович",
    )
    Fund.objects.create(election=election, code="ata-meken", party=party)
    Candidate.objects.create(
        party=party,
        position=1,
        pin="21203196500011",
        surname="Текебаев",
        name="Өмүрбек",
        patronymic="Чиркешович",
        birth_date=dt.date(1965, 3, 12),
        sex="M",
        name_key=name_key("Текебаев Өмүрбек Чиркешович"),
    )
    return party


def _patterns() -> Iterator[tuple[URLPattern, Any]]:
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view = getattr(pattern.callback, "cls", None)
        if view is not None and hasattr(view, "get"):
            yield pattern, view


def _url(pattern: URLPattern, **values: Any) -> str:
    names = pattern.pattern.converters  # type: ignore[attr-defined]
    return reverse(pattern.name, kwargs={name: values.get(name, KNOWN[name]) for name in names})


def _paged() -> list[URLPattern]:
    return [
        pattern
        for pattern, view in _patterns()
        if issubclass(view, ListModelMixin)
        and isinstance(getattr(view, "pagination_class", None), type)
        and issubclass(view.pagination_class, CursorPagination)
    ]


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (
        response.request.get("QUERY_STRING"),
        response.content[:100],
    )
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body: dict[str, Any] = json.loads(response.content)
    return body


def test_every_cursor_paged_list_is_found() -> None:
    names = {pattern.name for pattern in _paged()}
    assert {"api-elections", "api-parties", "api-candidates", "api-funds"} <= names
    assert {"api-reports", "api-findings"} <= names


def test_the_issues_cursor_is_a_400_problem_in_kyrgyz_by_default(client: Client, meken) -> None:
    response = client.get(
        "/api/v1/elections/jk-2026/parties/ata-meken/candidates?cursor=cD1hYmM%3D"
    )
    body = _problem(response, 400)
    assert body == {"detail": "Курсор жараксыз", "code": "invalid_cursor"}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("name", sorted(p.name for p in _paged()))
def test_every_paged_list_refuses_every_bad_cursor(
    client: Client, meken, name: str, language: str
) -> None:
    [pattern] = [p for p in _paged() if p.name == name]
    url = _url(pattern)
    assert client.get(url).status_code == 200
    for cursor in BAD_CURSORS:
        response = client.get(url, {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE=language)
        body = _problem(response, 400)
        assert body == {"detail": LANGUAGES[language], "code": "invalid_cursor"}, cursor


def test_a_good_cursor_still_pages(client: Client, meken) -> None:
    url = "/api/v1/elections/jk-2026/parties?page_size=1"
    codes = []
    while url:
        body = client.get(url).json()
        codes += [party["code"] for party in body["results"]]
        url = body["next"]
    assert sorted(codes) == ["ata-jurt", "ata-meken", "ishenim", "yntymak"]


def _nested() -> list[tuple[str, str]]:
    """Every GET path under an election, with each of its parameters made unknown."""
    cases = []
    for pattern, _view in _patterns():
        names = pattern.pattern.converters  # type: ignore[attr-defined]
        if "election" not in names:
            continue  # not under an election (a complaint by its tracking code: its own tests)
        for unknown in set(names) - {"position"}:
            cases.append((pattern.name, unknown))
    return cases


@pytest.mark.parametrize(("name", "unknown"), sorted(_nested()))
def test_every_path_under_an_unknown_election_party_or_fund_is_404(
    client: Client, meken, name: str, unknown: str
) -> None:
    [pattern] = [p for p, _view in _patterns() if p.name == name]
    assert client.get(_url(pattern)).status_code == 200
    for language, text in (("ky", "Табылган жок."), ("ru", "Не найдено."), ("en", "Not found.")):
        response = client.get(_url(pattern, **{unknown: "nope"}), HTTP_ACCEPT_LANGUAGE=language)
        assert _problem(response, 404) == {"detail": text, "code": "not_found"}


def test_unknown_funds_of_an_unknown_election_are_404_not_an_empty_list(client: Client) -> None:
    assert _problem(client.get("/api/v1/elections/nope/funds"), 404)["code"] == "not_found"


def test_a_404_does_not_leak_djangos_english(client: Client, election) -> None:
    for url in ("/api/v1/elections/nope", "/api/v1/elections/jk-2026/parties/nope"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
        assert "matches the given query" not in response.content.decode()
        assert _problem(response, 404)["detail"] == "Не найдено."


def test_an_unknown_path_and_a_bad_converter_are_json(client: Client, meken) -> None:
    for url in (
        "/api/v1/nope",
        "/api/v1/elections/jk-2026/parties/ata-meken/candidates/abc",
    ):
        body = _problem(client.get(url, HTTP_ACCEPT_LANGUAGE="ky"), 404)
        assert body == {"detail": "Табылган жок.", "code": "not_found"}


def test_an_error_is_json_even_when_csv_was_asked_for(client: Client) -> None:
    response = client.get("/api/v1/elections/nope/parties?format=csv")
    assert _problem(response, 404)["code"] == "not_found"


def test_a_method_not_allowed_is_translated(client: Client, election) -> None:
    body = _problem(client.post("/api/v1/elections", HTTP_ACCEPT_LANGUAGE="ru"), 405)
    assert body["code"] == "method_not_allowed"
    assert english_words(body["detail"], allowed={"POST"}) == []


def test_an_unhandled_exception_under_the_api_is_a_json_500(
    monkeypatch: pytest.MonkeyPatch, election
) -> None:
    def broken(self):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(api.ElectionList, "get_queryset", broken)
    client = Client(raise_request_exception=False)
    for language, text in (
        ("ky", "Серверде ката кетти."),
        ("ru", "Произошла ошибка сервера."),
        ("en", "A server error occurred."),
    ):
        response = client.get("/api/v1/elections", HTTP_ACCEPT_LANGUAGE=language)
        assert _problem(response, 500) == {"detail": text, "code": "server_error"}
        assert "a bug" not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "line", "column"),
    [(b'{"kind": "interim",\n "period_from" "2026-11-01"}', 2, 16), (b"[1, 2", 1, 6)],
)
def test_the_json_parsers_own_text_is_translated_with_line_and_column(
    body: bytes, line: int, column: int
) -> None:
    with pytest.raises(ParseError) as raised:
        JSONParser().parse(io.BytesIO(body))
    texts = {}
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            response = api_exception_handler(raised.value, {"request": None})
        assert response is not None and response.status_code == 400
        assert response.data["code"] == "json_invalid"
        texts[language] = str(response.data["detail"])
        assert f"{line}" in texts[language] and f"{column}" in texts[language]
    assert english_words(texts["ky"]) == [] and english_words(texts["ru"]) == []
    assert texts["en"].startswith(f"not valid JSON at line {line}, column {column}: ")
    assert "Expecting" not in texts["en"]
