"""Every "may this user ..." question, answered in one place (least privilege).

- The public (anonymous users) has no role and may do nothing but read public pages.
- A party filer files for the funds of their memberships, and for no other fund.
- A bank sends statements for the special accounts held at its bank, and no other.
- A complaint handler examines the complaints routed to the bodies of their memberships, and
  sees no other complaint.
- Auditors read and review everything; administrators too. Superusers count as administrators.
- Inactive users have no role.

The functions are pure reads; the DRF permission classes at the end apply them to API views.
A session user must also have passed the second factor (`otp.is_verified`); an API token is a
machine credential and needs no second factor.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from talapker.accounts.models import ApiToken, Membership, Role
from talapker.funds.models import Account, Fund

UserLike = AbstractBaseUser | AnonymousUser


def _member_pk(user: UserLike | None) -> Any:
    """The primary key of an active, signed-in user; None for the public and inactive users."""
    if user is None or not user.is_authenticated or not getattr(user, "is_active", False):
        return None
    return user.pk


def is_superuser(user: UserLike | None) -> bool:
    return _member_pk(user) is not None and bool(getattr(user, "is_superuser", False))


def roles_of(user: UserLike | None) -> set[str]:
    """The roles the user holds (administrator for superusers); empty for the public."""
    pk = _member_pk(user)
    if pk is None:
        return set()
    roles = set(Membership.objects.filter(user_id=pk).values_list("role", flat=True))
    if is_superuser(user):
        roles.add(Role.ADMINISTRATOR)
    return roles


def has_role(user: UserLike | None, *roles: str) -> bool:
    """Whether the user holds at least one of these roles."""
    pk = _member_pk(user)
    if pk is None:
        return False
    if Role.ADMINISTRATOR in roles and is_superuser(user):
        return True
    return Membership.objects.filter(user_id=pk, role__in=roles).exists()


def is_auditor(user: UserLike | None) -> bool:
    """Auditors and administrators review findings and read every filing."""
    return has_role(user, Role.AUDITOR, Role.ADMINISTRATOR)


def funds_filed_by(user: UserLike | None) -> QuerySet[Fund]:
    """The funds this user files for (none for anyone but their party filers)."""
    pk = _member_pk(user)
    if pk is None:
        return Fund.objects.none()
    return Fund.objects.filter(memberships__user_id=pk, memberships__role=Role.FILER).distinct()


def can_file(user: UserLike | None, fund: Fund) -> bool:
    """Whether the user may file reports for this fund."""
    return funds_filed_by(user).filter(pk=fund.pk).exists()


def banks_of(user: UserLike | None) -> set[str]:
    """The banks (names as in `funds.Account.bank`) this user sends statements for."""
    pk = _member_pk(user)
    if pk is None:
        return set()
    return set(Membership.objects.filter(user_id=pk, role=Role.BANK).values_list("bank", flat=True))


def can_send_statement(user: UserLike | None, account: Account) -> bool:
    """Whether the user may send statements of this special account (held at their bank)."""
    return account.bank in banks_of(user)


def bodies_of(user: UserLike | None) -> set[str]:
    """The codes of the bodies (`complaints.Body`) whose complaints this user handles."""
    pk = _member_pk(user)
    if pk is None:
        return set()
    return set(
        Membership.objects.filter(user_id=pk, role=Role.HANDLER).values_list("body", flat=True)
    )


# DRF permission classes ------------------------------------------------------------------


def _second_factor_passed(request: Request) -> bool:
    from talapker.accounts.otp import is_verified

    return isinstance(request.auth, ApiToken) or is_verified(request.user)


def _fund_of(obj: Any) -> Fund | None:
    if isinstance(obj, Fund):
        return obj
    fund = getattr(obj, "fund", None)
    return fund if isinstance(fund, Fund) else None


def _account_of(obj: Any) -> Account | None:
    if isinstance(obj, Account):
        return obj
    account = getattr(obj, "account", None)
    return account if isinstance(account, Account) else None


class IsFiler(BasePermission):
    """A party filer; on an object (a fund, or anything with `.fund`), a filer of that fund."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_role(request.user, Role.FILER) and _second_factor_passed(request)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        fund = _fund_of(obj)
        return fund is not None and can_file(request.user, fund)


class IsBank(BasePermission):
    """A bank; on an object (an account, or anything with `.account`), the bank holding it."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_role(request.user, Role.BANK) and _second_factor_passed(request)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        account = _account_of(obj)
        return account is not None and can_send_statement(request.user, account)


class IsAuditor(BasePermission):
    """An auditor or administrator, on any object."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_auditor(request.user) and _second_factor_passed(request)
