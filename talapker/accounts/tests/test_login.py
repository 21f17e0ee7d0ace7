"""The one login page: password and one-time code together; lockout after 5 failures by
username and address; pages of roles and the admin site need the second factor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice

from talapker.accounts.decorators import role_required, verified_required
from talapker.accounts.models import Role
from talapker.accounts.services import otp_reset
from talapker.accounts.testing import TEST_PASSWORD, make_user, sign_in, totp_code
from talapker.accounts.tests.conftest import AIYL, World
from talapker.accounts.throttling import client_ip
from talapker.audit.models import AuditEvent

LOGIN = "/en/accounts/login/"
PROTECTED = "/en/accounts/password/"  # a page behind verified_required


def log_in(client: Client, username: str, password: str = TEST_PASSWORD, code: str = "", **extra):  # type: ignore[no-untyped-def]
    data = {"username": username, "password": password, "code": code, **extra}
    return client.post(LOGIN, data)


def is_verified_session(client: Client) -> bool:
    return client.get(PROTECTED).status_code == 200


def test_the_login_page_asks_for_username_password_and_code(client: Client) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    for field in ('name="username"', 'name="password"', 'name="code"'):
        assert field in response.content.decode()
    assert 'autocomplete="one-time-code"' in response.content.decode()


def test_password_and_a_valid_code_sign_a_filer_in(client: Client, world: World) -> None:
    response = log_in(client, "treasurer_a", code=totp_code(world.filer_a), next=PROTECTED)
    assert response.status_code == 302
    assert response["Location"] == PROTECTED
    assert is_verified_session(client)


def test_a_wrong_code_refuses_with_the_same_message_as_a_wrong_password(
    client: Client, world: World
) -> None:
    good = totp_code(world.filer_a)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    by_code = log_in(client, "treasurer_a", code=wrong)
    by_password = log_in(client, "treasurer_a", password="not the password", code=good)
    with translation.override("en"):
        for response in (by_code, by_password):
            assert response.status_code == 200
            assert "The username, password or one-time code is wrong" in response.content.decode()
    assert not is_verified_session(client)


def test_a_filer_without_a_code_is_refused(client: Client, world: World) -> None:
    assert log_in(client, "treasurer_a").status_code == 200
    assert not is_verified_session(client)


def test_a_filer_without_an_authenticator_cannot_sign_in(client: Client, world: World) -> None:
    make_user("no_phone", Role.FILER, fund=world.fund_b, device=False)
    assert log_in(client, "no_phone", code="123456").status_code == 200
    assert not is_verified_session(client)


def test_a_bank_user_without_an_authenticator_signs_in_with_the_password(
    client: Client, world: World
) -> None:
    make_user("rsk_bank", Role.BANK, bank=AIYL, device=False)
    assert log_in(client, "rsk_bank").status_code == 302
    assert is_verified_session(client)


def test_a_backup_code_works_once(client: Client, world: World) -> None:
    codes = otp_reset(world.auditor, actor="test").backup_codes
    assert log_in(client, "auditor", code=codes[0][:4] + " " + codes[0][4:]).status_code == 302
    assert is_verified_session(client)
    client.post("/en/accounts/logout/")
    assert log_in(client, "auditor", code=codes[0]).status_code == 200
    assert StaticDevice.objects.get(user=world.auditor).token_set.count() == 9


def test_five_failures_lock_the_username_out_from_that_address_for_an_hour(
    client: Client, world: World
) -> None:
    for attempt in range(5):
        response = log_in(client, "treasurer_a", password=f"guess {attempt}")
    assert response.status_code == 429
    locked = log_in(client, "treasurer_a", code=totp_code(world.filer_a))
    assert locked.status_code == 429
    with translation.override("en"):
        assert "Signing in is blocked" in locked.content.decode()
    assert not is_verified_session(client)
    # Another address is not locked out by these failures.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert log_in(other, "treasurer_a", code=totp_code(world.filer_a)).status_code == 302


def test_wrong_codes_count_towards_the_lockout(client: Client, world: World) -> None:
    for _ in range(5):
        response = log_in(client, "treasurer_a", code="000000")
    assert response.status_code == 429


def test_next_may_not_leave_the_site(client: Client, world: World) -> None:
    response = log_in(
        client, "treasurer_a", code=totp_code(world.filer_a), next="https://evil.example/"
    )
    assert response["Location"] == "/en/"  # home, in the language of the login page


def test_logout_is_post_only(client: Client, world: World) -> None:
    sign_in(client, world.filer_a)
    assert client.get("/en/accounts/logout/").status_code == 405
    assert is_verified_session(client)
    assert client.post("/en/accounts/logout/").status_code == 302
    assert not is_verified_session(client)


# Guards ------------------------------------------------------------------------------------


@verified_required
def private_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("private")


@role_required(Role.AUDITOR, Role.ADMINISTRATOR)
def review_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("review")


def test_a_guarded_page_sends_strangers_and_unverified_users_to_login(
    client: Client, world: World
) -> None:
    response = client.get(PROTECTED)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={PROTECTED}"
    client.force_login(world.filer_a)  # password only: no second factor
    assert client.get(PROTECTED)["Location"] == f"{LOGIN}?next={PROTECTED}"
    sign_in(client, world.filer_a)
    assert client.get(PROTECTED).status_code == 200


def test_role_required_forbids_other_roles(world: World) -> None:
    request = RequestFactory().get("/en/review/")
    request.user = world.filer_a
    world.filer_a.is_verified = lambda: True  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied):
        review_page(request)
    request.user = world.auditor
    world.auditor.is_verified = lambda: True  # type: ignore[attr-defined]
    assert review_page(request).content == b"review"
    world.auditor.is_verified = lambda: False  # type: ignore[attr-defined]
    assert review_page(request).status_code == 302
    assert private_page(request).status_code == 302


# Admin -------------------------------------------------------------------------------------


def test_the_admin_sends_strangers_to_the_login_page(client: Client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/en/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=/en/admin/"


def test_the_admin_needs_the_second_factor(client: Client, world: World) -> None:
    client.force_login(world.administrator)
    assert client.get("/en/admin/").status_code == 302
    sign_in(client, world.administrator)
    response = client.get("/en/admin/")
    assert response.status_code == 200
    for registered in ("/en/admin/funds/fund/", "/en/admin/accounts/membership/"):
        assert registered in response.content.decode()
    assert client.get("/en/admin/audit/auditevent/").status_code == 200


def test_a_filer_never_reaches_the_admin(client: Client, world: World) -> None:
    sign_in(client, world.filer_a)
    assert client.get("/en/admin/").status_code == 302


# Password ----------------------------------------------------------------------------------


def test_a_password_change_is_validated_and_audited(client: Client, world: World) -> None:
    sign_in(client, world.filer_a)
    weak = {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"}
    assert client.post(PROTECTED, weak).status_code == 200
    new = "a much longer passphrase 2026"
    strong = {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post(PROTECTED, strong).status_code == 200
    assert User.objects.get(pk=world.filer_a.pk).check_password(new)
    assert is_verified_session(client)  # still signed in, still verified
    event = AuditEvent.objects.get(action="user.password_changed")
    assert (event.actor, event.object_id, event.data) == ("treasurer_a", "treasurer_a", {})


# Client address ----------------------------------------------------------------------------


def test_the_client_address_behind_proxies(settings) -> None:  # type: ignore[no-untyped-def]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4"
    )
    settings.TALAPKER_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TALAPKER_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.4"
    settings.TALAPKER_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"  # fewer entries than proxies: not trusted
    with override_settings(TALAPKER_PROXY_COUNT=1):
        spoofed = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="x")
        assert client_ip(spoofed) == "10.0.0.1"
