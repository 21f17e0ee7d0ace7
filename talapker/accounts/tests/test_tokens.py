"""API tokens: a valid one authenticates, a wrong or revoked one is refused, only the hash is
kept, and use is recorded at most once every few minutes, never failing a read."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from talapker.accounts.models import ApiToken, Role
from talapker.accounts.services import COMMAND_LINE, issue_token, token_issue, token_revoke
from talapker.accounts.testing import make_user
from talapker.accounts.tests.conftest import World
from talapker.accounts.tokens import TOUCH_INTERVAL, ApiTokenAuthentication, token_key_new
from talapker.audit.models import AuditEvent
from talapker.core.tests.locks import ServerDatabase


def authenticate(header: str):  # type: ignore[no-untyped-def]
    request = Request(APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=header))
    return ApiTokenAuthentication().authenticate(request)


def test_a_valid_token_authenticates_its_user(world: World) -> None:
    key = issue_token(world.bank_aiyl, "statement upload")
    user, token = authenticate(f"Token {key}")
    assert user == world.bank_aiyl
    assert token.name == "statement upload"
    assert authenticate(f"Bearer {key}")[0] == world.bank_aiyl


def test_only_the_hash_and_the_prefix_are_stored(world: World) -> None:
    key = issue_token(world.bank_aiyl, "statement upload")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    stored = [str(v) for v in ApiToken.objects.values_list(flat=False).get()]
    assert key not in stored
    assert key not in str(list(AuditEvent.objects.values_list("data", flat=True)))


@pytest.mark.parametrize("header", ["Token wrong", "Bearer wrong", "Token", "Token a b"])
def test_a_wrong_token_is_refused(world: World, header: str) -> None:
    issue_token(world.bank_aiyl, "statement upload")
    with pytest.raises(AuthenticationFailed):
        authenticate(header)


def test_other_schemes_are_left_to_other_authenticators(db) -> None:  # type: ignore[no-untyped-def]
    assert authenticate("Basic dXNlcjpwYXNz") is None
    assert authenticate("") is None


def test_a_revoked_token_is_refused(world: World) -> None:
    token, key = token_issue(world.bank_aiyl, name="statement upload", actor=COMMAND_LINE)
    token_revoke(token.prefix, actor=COMMAND_LINE)
    with pytest.raises(AuthenticationFailed):
        authenticate(f"Token {key}")


def test_the_token_of_an_inactive_user_is_refused(world: World) -> None:
    key = issue_token(world.bank_aiyl, "statement upload")
    world.bank_aiyl.is_active = False
    world.bank_aiyl.save()
    with pytest.raises(AuthenticationFailed):
        authenticate(f"Token {key}")


def test_use_is_recorded_at_most_once_per_interval(world: World) -> None:
    key = issue_token(world.bank_aiyl, "statement upload")
    authenticate(f"Token {key}")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    authenticate(f"Token {key}")
    assert ApiToken.objects.get().last_used_at == first
    recent = timezone.now() - dt.timedelta(minutes=4)  # a few minutes: not recorded again
    ApiToken.objects.update(last_used_at=recent)
    authenticate(f"Token {key}")
    assert ApiToken.objects.get().last_used_at == recent
    ApiToken.objects.update(last_used_at=timezone.now() - TOUCH_INTERVAL)
    authenticate(f"Token {key}")
    assert ApiToken.objects.get().last_used_at > first  # type: ignore[operator]


@pytest.mark.django_db(transaction=True)
def test_a_read_goes_on_while_another_connection_holds_the_write_lock(
    tmp_path: Path, settings: Any
) -> None:
    user = make_user("aiyl_bank", Role.BANK, bank="Айыл Банк")
    key = issue_token(user, "statement upload")
    database = ServerDatabase(tmp_path, settings)
    try:
        # A touch that waited for the lock would hold this read for a minute, then fail it.
        database.wait(60)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        with database.write_lock(rows_of=ApiToken):
            response = client.get("/api/v1/elections")
            assert response.status_code == 200
            assert ApiToken.objects.get().last_used_at is None  # not recorded this time
        assert client.get("/api/v1/elections").status_code == 200
        assert ApiToken.objects.get().last_used_at is not None  # recorded once it could be
    finally:
        database.restore()


def test_the_api_answers_401_to_a_bad_token_and_serves_the_public_without_one(
    world: World,
) -> None:
    client = APIClient()
    assert client.get("/api/v1/elections").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token wrong")
    response = client.get("/api/v1/elections")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_issuing_and_revoking_are_audited_without_the_key(world: World) -> None:
    token, key = token_issue(world.bank_aiyl, name="statement upload", actor="cec-admin")
    token_revoke(token.prefix, actor="cec-admin")
    events = list(AuditEvent.objects.filter(action__startswith="token."))
    assert [(e.action, e.actor, e.object_id) for e in events] == [
        ("token.issued", "cec-admin", token.prefix),
        ("token.revoked", "cec-admin", token.prefix),
    ]
    assert events[0].data == {"user": "aiyl_bank", "name": "statement upload"}
    assert key not in str([e.data for e in events])


def test_the_openapi_description_names_the_token_scheme(db) -> None:  # type: ignore[no-untyped-def]
    schema = APIClient().get("/api/v1/openapi.json").json()
    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")


def test_a_key_never_starts_like_a_command_option() -> None:
    assert all(token_key_new()[0].isalnum() for _ in range(2000))
