"""Public reads carry ETag and Last-Modified, and a fresh conditional request is a 304 that
never runs the view; signed-in readers' pages are `private, no-store`
(docs/decisions/0011-http-caching.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from talapker.accounts.models import Role
from talapker.accounts.services import issue_token
from talapker.accounts.testing import make_user, sign_in
from talapker.audit.services import audit_record
from talapker.core.http import conditional, version
from talapker.disclosure import api
from talapker.parties.models import Party

pytestmark = pytest.mark.django_db

PARTIES = "/api/v1/elections/jk-2026/parties"
PAGE = "/ky/elections/jk-2026/"


def _directives(response: Any) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def _vary(response: Any) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def _a_write() -> None:
    """What every write of consequence does beside its change: one audit event."""
    with transaction.atomic():
        audit_record("test.write", actor="test", object_type="party", object_id="ata-jurt")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data loaded by the fixture counts as old enough for Last-Modified."""
    monkeypatch.setattr(conditional, "SETTLE", dt.timedelta(0))


def _view_refuses_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def run(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the view ran")

    monkeypatch.setattr(api.PartyList, "list", run)


def test_a_public_api_read_carries_validators_and_may_be_shared(
    client: Client, election, settled
) -> None:
    response = client.get(PARTIES)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    assert _directives(response) == {"public", "max-age=60"}
    assert {"accept", "accept-language", "cookie"} <= _vary(response)


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_fresh_etag_is_a_304_without_the_view(
    client: Client, election, settled, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    first = client.get(PARTIES)
    _view_refuses_to_run(monkeypatch)
    again = getattr(client, method)(PARTIES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert _directives(again) == {"public", "max-age=60"}
    assert {"accept", "accept-language", "cookie"} <= _vary(again)


def test_a_304_costs_the_version_lookups_only(
    client: Client, election, django_assert_max_num_queries
) -> None:
    etag = client.get(PARTIES)["ETag"]
    with django_assert_max_num_queries(len(version.settings.TALAPKER_CHANGE_LOGS)):
        assert client.get(PARTIES, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_etag_from_before_a_write_gets_the_new_data(client: Client, election) -> None:
    first = client.get(PARTIES)
    Party.objects.filter(code="ata-jurt").update(name_en="Ata-Jurt Renamed")
    _a_write()
    again = client.get(PARTIES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Ata-Jurt Renamed" in again.content.decode()


def test_the_etag_varies_with_language_query_and_accept(client: Client, election) -> None:
    etags = {
        client.get(PARTIES)["ETag"],
        client.get(PARTIES, HTTP_ACCEPT_LANGUAGE="ru")["ETag"],
        client.get(PARTIES, HTTP_ACCEPT_LANGUAGE="en")["ETag"],
        client.get(PARTIES, {"page_size": 2})["ETag"],
        client.get(PARTIES, HTTP_ACCEPT="application/json; indent=2")["ETag"],
    }
    assert len(etags) == 5
    ky = client.get(PARTIES)["ETag"]
    assert client.get(PARTIES, HTTP_IF_NONE_MATCH=ky, HTTP_ACCEPT_LANGUAGE="ru").status_code == 200


def test_the_browsable_api_with_its_csrf_cookie_is_private(client: Client, election) -> None:
    response = client.get(PARTIES, HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("text/html")
    assert _directives(response) == {"private", "no-store"}
    assert not response.has_header("ETag")


def test_if_modified_since_is_a_304_until_a_write(client: Client, election, settled) -> None:
    first = client.get(PARTIES)
    since = first["Last-Modified"]
    assert client.get(PARTIES, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    earlier = http_date(timezone.now().timestamp() - 86400 * 400)
    assert client.get(PARTIES, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # A write a second later: its time is after the copy's.
    with transaction.atomic():
        event = audit_record("test.write", actor="test", object_type="party", object_id="x")
    type(event).objects.filter(pk=event.pk).update(at=event.at + dt.timedelta(seconds=2))
    assert client.get(PARTIES, HTTP_IF_MODIFIED_SINCE=since).status_code == 200


def test_a_change_younger_than_two_seconds_sends_no_last_modified(client: Client, election) -> None:
    """Another write within the same second would not move Last-Modified: only the ETag
    can tell the copies apart yet."""
    _a_write()
    response = client.get(PARTIES)
    assert response.has_header("ETag") and not response.has_header("Last-Modified")
    since = http_date(timezone.now().timestamp())
    assert client.get(PARTIES, HTTP_IF_MODIFIED_SINCE=since).status_code == 200


@pytest.mark.parametrize("page", [PAGE, "/en/elections/jk-2026/data/"])
def test_a_public_page_carries_validators_and_varies_on_the_cookie(
    client: Client, election, settled, page: str
) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert _directives(response) == {"public", "max-age=60"}
    assert "cookie" in _vary(response)
    assert client.get(page, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert (
        client.get(page.replace("/ky/", "/ru/").replace("/en/", "/ru/"))["ETag"]
        != (response["ETag"])
    )


def test_a_signed_in_readers_page_is_private_and_never_a_304(client: Client, election) -> None:
    etag = client.get(PAGE)["ETag"]
    sign_in(client, make_user("auditor", Role.AUDITOR))
    response = client.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert _directives(response) == {"private", "no-store"}
    assert not response.has_header("ETag")
    assert "cookie" in _vary(response)


def test_an_api_read_with_a_token_is_private(client: Client, election) -> None:
    key = issue_token(make_user("bank", Role.BANK, bank="KICB"), "statements")
    response = client.get(PARTIES, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert _directives(response) == {"private", "no-store"}
    assert not response.has_header("ETag")


@pytest.mark.parametrize("path", ["/ky/accounts/login/", "/ky/staff/", "/ky/filing/"])
def test_pages_that_are_not_public_are_stored_nowhere(client: Client, path: str) -> None:
    response = client.get(path)
    assert _directives(response) >= {"private", "no-store"}
    assert not response.has_header("ETag")


def test_a_streamed_export_carries_validators_and_is_a_304(
    client: Client, election, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = client.get(PARTIES, {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert _directives(response) == {"public", "max-age=60"}
    _view_refuses_to_run(monkeypatch)
    again = client.get(PARTIES, {"format": "csv"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_an_error_of_a_public_read_is_not_stored(client: Client, election) -> None:
    response = client.get("/api/v1/elections/nope/parties")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert not response.has_header("ETag")
    assert "no-store" in _directives(response)
    for path in ("/api/v1/nope", "/ky/elections/nope/"):
        missing = client.get(path)
        assert missing.status_code == 404 and "no-store" in _directives(missing)


def test_the_version_moves_with_each_change_log_and_the_day(
    election, monkeypatch: pytest.MonkeyPatch
) -> None:
    tags = [version.data_version().tag]
    _a_write()
    tags.append(version.data_version().tag)
    LogEntry.objects.log_actions(  # what the admin site writes for an edit
        user_id=make_user("admin", Role.ADMINISTRATOR).pk,
        queryset=Party.objects.filter(code="ata-jurt"),
        action_flag=CHANGE,
        change_message="renamed",
        single_object=True,
    )
    tags.append(version.data_version().tag)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(version.timezone, "localdate", lambda: tomorrow)
    tags.append(version.data_version().tag)
    assert len(set(tags)) == 4


def test_last_modified_is_the_newest_change(election) -> None:
    _a_write()
    newest = version.data_version().modified
    assert timezone.now() - newest < dt.timedelta(seconds=5)


def test_an_anonymous_api_answer_is_kept_until_the_data_changes(
    client: Client, election, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TALAPKER_API_CACHE_SECONDS = 60
    first = client.get(PARTIES, {"page_size": 3})
    views = []
    original = api.PartyList.list
    monkeypatch.setattr(api.PartyList, "list", lambda *a, **k: views.append(1) or original(*a, **k))
    kept = client.get(PARTIES, {"page_size": 3})
    assert views == []  # answered from the cache
    assert kept.content == first.content and kept["ETag"] == first["ETag"]
    assert _directives(kept) == {"public", "max-age=60"}
    assert client.get(PARTIES, {"page_size": 3}, HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert views == [1]  # another language is another answer
    Party.objects.filter(code="ata-jurt").update(name_en="Ata-Jurt Renamed")
    _a_write()
    fresh = client.get(PARTIES, {"page_size": 3})
    assert views == [1, 1]
    assert "Ata-Jurt Renamed" in fresh.content.decode()


def test_a_signed_in_reader_never_gets_a_kept_answer(client: Client, election, settings) -> None:
    settings.TALAPKER_API_CACHE_SECONDS = 60
    client.get(PARTIES)
    key = issue_token(make_user("bank", Role.BANK, bank="KICB"), "statements")
    response = client.get(PARTIES, HTTP_AUTHORIZATION=f"Token {key}")
    assert _directives(response) == {"private", "no-store"}
