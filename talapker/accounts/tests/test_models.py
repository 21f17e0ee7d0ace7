"""The database refuses a membership whose scope does not fit its role, and duplicates."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from talapker.accounts.models import ApiToken, Membership, Role
from talapker.accounts.tests.conftest import AIYL, World


def refused(**fields: object) -> bool:
    try:
        with transaction.atomic():
            Membership.objects.create(**fields)
    except IntegrityError:
        return True
    return False


@pytest.fixture
def someone(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user("someone")


def test_a_filer_needs_a_fund_and_no_bank(world: World, someone: User) -> None:
    assert refused(user=someone, role=Role.FILER)
    assert refused(user=someone, role=Role.FILER, fund=world.fund_a, bank=AIYL)
    assert not refused(user=someone, role=Role.FILER, fund=world.fund_a)


def test_a_bank_needs_a_bank_name_and_no_fund(world: World, someone: User) -> None:
    assert refused(user=someone, role=Role.BANK)
    assert refused(user=someone, role=Role.BANK, bank=AIYL, fund=world.fund_a)
    assert not refused(user=someone, role=Role.BANK, bank=AIYL)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMINISTRATOR])
def test_commission_roles_have_no_scope(world: World, someone: User, role: Role) -> None:
    assert refused(user=someone, role=role, fund=world.fund_a)
    assert refused(user=someone, role=role, bank=AIYL)
    assert not refused(user=someone, role=role)


def test_an_unknown_role_is_refused(someone: User) -> None:
    assert refused(user=someone, role="treasurer")


def test_the_same_membership_cannot_be_held_twice(world: World, someone: User) -> None:
    Membership.objects.create(user=someone, role=Role.FILER, fund=world.fund_a)
    Membership.objects.create(user=someone, role=Role.BANK, bank=AIYL)
    Membership.objects.create(user=someone, role=Role.AUDITOR)
    assert refused(user=someone, role=Role.FILER, fund=world.fund_a)
    assert refused(user=someone, role=Role.BANK, bank=AIYL)
    assert refused(user=someone, role=Role.AUDITOR)
    assert not refused(user=someone, role=Role.FILER, fund=world.fund_b)


def test_a_token_keeps_a_sha256_hex_and_an_eight_character_prefix(someone: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.create(user=someone, name="x", prefix="abcdefgh", key_hash="not-a-hash")
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.create(user=someone, name="x", prefix="abc", key_hash="a" * 64)
