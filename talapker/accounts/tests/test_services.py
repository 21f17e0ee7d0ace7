"""The demo's helpers: a user with a known password and TOTP key, created once."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from talapker.accounts.models import Role
from talapker.accounts.permissions import can_file, can_send_statement, is_auditor
from talapker.accounts.services import ensure_demo_user, issue_token
from talapker.accounts.testing import totp_code
from talapker.accounts.tests.conftest import AIYL, World
from talapker.accounts.tokens import ApiTokenAuthentication
from talapker.audit.models import AuditEvent

PASSWORD = "demo treasurer password"
KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def test_the_demo_user_is_created_once_and_can_sign_in(world: World) -> None:
    user = ensure_demo_user(
        "demo_treasurer", Role.FILER, fund=world.fund_a, password=PASSWORD, totp_key_hex=KEY
    )
    events = AuditEvent.objects.count()
    again = ensure_demo_user(
        "demo_treasurer", Role.FILER, fund=world.fund_a, password=PASSWORD, totp_key_hex=KEY
    )
    assert again == user
    assert AuditEvent.objects.count() == events  # nothing changed, nothing logged
    assert TOTPDevice.objects.get(user=user).key == KEY
    assert can_file(user, world.fund_a)

    client = Client()
    response = client.post(
        "/en/accounts/login/",
        {"username": "demo_treasurer", "password": PASSWORD, "code": totp_code(user)},
    )
    assert response.status_code == 302


def test_a_changed_demo_password_is_set_and_logged(world: World) -> None:
    ensure_demo_user("demo_auditor", Role.AUDITOR, password=PASSWORD, totp_key_hex=KEY)
    user = ensure_demo_user("demo_auditor", Role.AUDITOR, password="other", totp_key_hex=KEY)
    assert user.check_password("other")
    assert is_auditor(user)
    event = AuditEvent.objects.filter(action="user.updated").get()
    assert event.data == {"role": "auditor", "changed": ["password"]}


def test_demo_bank_and_administrator(world: World) -> None:
    bank = ensure_demo_user("demo_bank", Role.BANK, bank=AIYL, password=PASSWORD, totp_key_hex=KEY)
    assert can_send_statement(bank, world.account_a)
    admin = ensure_demo_user("demo_admin", Role.ADMINISTRATOR, password=PASSWORD, totp_key_hex=KEY)
    assert admin.is_staff and admin.is_superuser


def test_issue_token_returns_a_working_key(world: World) -> None:
    key = issue_token(world.bank_aiyl, "demo robot")
    assert ApiTokenAuthentication().authenticate_credentials(key)[0] == world.bank_aiyl
    assert AuditEvent.objects.get(action="token.issued").actor == "demo"
