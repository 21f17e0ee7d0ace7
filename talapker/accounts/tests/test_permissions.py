"""Least privilege: each role may do its own work and nothing else; the public may do nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from talapker.accounts.models import Role
from talapker.accounts.permissions import (
    IsAuditor,
    IsBank,
    IsFiler,
    banks_of,
    can_file,
    can_send_statement,
    funds_filed_by,
    has_role,
    is_auditor,
    roles_of,
)
from talapker.accounts.services import issue_token
from talapker.accounts.testing import make_user
from talapker.accounts.tests.conftest import AIYL, World
from talapker.accounts.tokens import ApiTokenAuthentication

ANONYMOUS = AnonymousUser()


def test_the_filer_of_fund_a_files_for_fund_a_only(world: World) -> None:
    assert list(funds_filed_by(world.filer_a)) == [world.fund_a]
    assert can_file(world.filer_a, world.fund_a)
    assert not can_file(world.filer_a, world.fund_b)
    assert banks_of(world.filer_a) == set()
    assert not can_send_statement(world.filer_a, world.account_a)
    assert not is_auditor(world.filer_a)


def test_a_filer_of_two_funds_files_for_both(world: World) -> None:
    both = make_user("treasurer_both", Role.FILER, fund=world.fund_a)
    both.memberships.create(role=Role.FILER, fund=world.fund_b)
    assert set(funds_filed_by(both)) == {world.fund_a, world.fund_b}


def test_a_bank_sends_for_the_accounts_it_holds_only(world: World) -> None:
    assert banks_of(world.bank_aiyl) == {AIYL}
    assert can_send_statement(world.bank_aiyl, world.account_a)
    assert not can_send_statement(world.bank_aiyl, world.account_b)
    assert not funds_filed_by(world.bank_aiyl).exists()
    assert not can_file(world.bank_aiyl, world.fund_a)
    assert not is_auditor(world.bank_aiyl)


@pytest.mark.parametrize("who", ["auditor", "administrator"])
def test_auditors_and_administrators_review_but_neither_file_nor_send(
    world: World, who: str
) -> None:
    user = getattr(world, who)
    assert is_auditor(user)
    assert not can_file(user, world.fund_a)
    assert not can_send_statement(user, world.account_a)
    assert has_role(user, Role.ADMINISTRATOR) == (who == "administrator")


def test_a_superuser_counts_as_an_administrator(world: World) -> None:
    root = User.objects.create_superuser("root", password="x" * 20)
    assert has_role(root, Role.ADMINISTRATOR)
    assert is_auditor(root)
    assert roles_of(root) == {Role.ADMINISTRATOR}
    assert not has_role(root, Role.FILER)
    assert not can_file(root, world.fund_a)


def test_the_public_has_nothing(world: World) -> None:
    assert roles_of(ANONYMOUS) == set()
    assert not has_role(ANONYMOUS, *Role.values)
    assert not is_auditor(ANONYMOUS)
    assert not funds_filed_by(ANONYMOUS).exists()
    assert not can_file(ANONYMOUS, world.fund_a)
    assert banks_of(ANONYMOUS) == set()
    assert not can_send_statement(ANONYMOUS, world.account_a)


def test_an_inactive_user_has_no_role(world: World) -> None:
    world.filer_a.is_active = False
    world.filer_a.save()
    assert not can_file(world.filer_a, world.fund_a)
    assert roles_of(world.filer_a) == set()


# DRF permission classes -------------------------------------------------------------------


def api_request(
    user: User | None = None, *, token: str | None = None, verified: bool = True
) -> Request:
    """A DRF request by a session user (past the second factor or not), or by a token."""
    if token is not None:
        raw = APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}")
        return Request(raw, authenticators=[ApiTokenAuthentication()])
    request = Request(APIRequestFactory().get("/api/v1/"))
    if user is not None:
        user.is_verified = lambda: verified  # type: ignore[attr-defined]  # as OTPMiddleware
    request.user = user if user is not None else ANONYMOUS
    request.auth = None
    return request


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        (IsFiler, {"filer_a"}),
        (IsBank, {"bank_aiyl"}),
        (IsAuditor, {"auditor", "administrator"}),
    ],
)
def test_each_api_permission_admits_its_roles_only(
    world: World, permission: type, allowed: set[str]
) -> None:
    for who in ("filer_a", "bank_aiyl", "auditor", "administrator"):
        request = api_request(getattr(world, who))
        assert permission().has_permission(request, None) == (who in allowed), who
    assert not permission().has_permission(api_request(None), None)


def test_a_session_without_the_second_factor_gets_no_api_role(world: World) -> None:
    assert not IsFiler().has_permission(api_request(world.filer_a, verified=False), None)
    assert not IsAuditor().has_permission(api_request(world.auditor, verified=False), None)


def test_a_token_needs_no_second_factor(world: World) -> None:
    key = issue_token(world.filer_a, "party software")
    request = api_request(token=key)
    assert IsFiler().has_permission(request, None)
    assert not IsBank().has_permission(request, None)


def test_object_permissions_follow_the_fund_and_the_account(world: World) -> None:
    filer, bank = api_request(world.filer_a), api_request(world.bank_aiyl)

    class Report:
        fund = world.fund_b

    assert IsFiler().has_object_permission(filer, None, world.fund_a)
    assert not IsFiler().has_object_permission(filer, None, Report())
    assert not IsFiler().has_object_permission(filer, None, object())
    assert IsBank().has_object_permission(bank, None, world.account_a)
    assert not IsBank().has_object_permission(bank, None, world.account_b)
