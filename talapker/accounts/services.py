"""Writes on users, roles, second factors and API tokens.

Each write is one transaction that also appends its audit event (action codes below are
stable). Secrets (passwords, TOTP keys, backup codes, token keys) are returned to the caller
to show once and never written to the audit log.

    user.created  user.updated  user.otp_reset  user.password_changed
    membership.granted  membership.revoked  token.issued  token.revoked
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from talapker.accounts.models import ApiToken, Membership, Role
from talapker.accounts.otp import TOTP_DEVICE_NAME, OtpSecrets, otp_devices_replace
from talapker.accounts.tokens import PREFIX_LENGTH, token_hash, token_key_new
from talapker.audit.services import audit_record
from talapker.funds.models import Fund

COMMAND_LINE = "command line"
DEMO = "demo"


@dataclass(frozen=True)
class NewUser:
    """A created user and the secrets to hand over once."""

    user: User
    password: str | None  # the generated password; None when the caller chose it
    otp: OtpSecrets


def password_generate() -> str:
    """A strong random password (24 URL-safe characters, 144 bits)."""
    return secrets.token_urlsafe(18)


def _role_flags(user: User, role: str) -> None:
    """Administrators run the admin site; nobody else gets staff rights from a role."""
    if role == Role.ADMINISTRATOR:
        user.is_staff = True
        user.is_superuser = True


def _scope(membership: Membership) -> dict[str, str]:
    data = {"role": membership.role}
    if membership.fund is not None:
        data["fund"] = f"{membership.fund.election.code}/{membership.fund.code}"
    if membership.bank:
        data["bank"] = membership.bank
    if membership.body:
        data["body"] = membership.body
    return data


def membership_grant(
    user: User,
    role: str,
    *,
    fund: Fund | None = None,
    bank: str = "",
    body: str = "",
    actor: str,
) -> Membership:
    """Give the user one more role (a filer another fund, a bank user another bank, a
    complaint handler another body)."""
    membership = Membership(user=user, role=role, fund=fund, bank=bank.strip(), body=body.strip())
    membership.full_clean()
    with transaction.atomic():
        membership.save()
        _role_flags(user, role)
        user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(
            "membership.granted",
            actor=actor,
            object_type="user",
            object_id=user.get_username(),
            data=_scope(membership),
        )
    return membership


def membership_revoke(membership: Membership, *, actor: str) -> None:
    """Take a role away from its user."""
    with transaction.atomic():
        data = _scope(membership)
        username = membership.user.get_username()
        membership.delete()
        audit_record(
            "membership.revoked", actor=actor, object_type="user", object_id=username, data=data
        )


def user_create(
    username: str,
    role: str,
    *,
    fund: Fund | None = None,
    bank: str = "",
    body: str = "",
    password: str | None = None,
    email: str = "",
    actor: str,
) -> NewUser:
    """Create a user with one role, a confirmed TOTP device and 10 backup codes.

    Without `password`, a strong one is generated and returned. Raises `ValidationError`
    (and writes nothing) for a taken or malformed username, a weak password, or a role whose
    scope is missing or does not fit (a filer needs a fund, a bank its name, a complaint
    handler the code of a body).
    """
    if role not in Role.values:
        raise ValidationError(
            _("unknown role %(role)s: choose filer, bank, handler, auditor or administrator"),
            params={"role": repr(role)},
        )
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("user %(name)s already exists"), params={"name": repr(username)})
    user = User(username=username, email=email)
    _role_flags(user, role)
    user.full_clean(exclude=["password"])
    generated = password is None
    chosen = password_generate() if password is None else password
    validate_password(chosen, user)
    membership = Membership(user=user, role=role, fund=fund, bank=bank.strip(), body=body.strip())
    membership.full_clean(exclude=["user"])
    with transaction.atomic():
        user.set_password(chosen)
        user.save()
        membership.user = user
        membership.save()
        otp = otp_devices_replace(user)
        audit_record(
            "user.created",
            actor=actor,
            object_type="user",
            object_id=username,
            data={**_scope(membership), "staff": user.is_staff},
        )
    return NewUser(user=user, password=chosen if generated else None, otp=otp)


def otp_reset(user: User, *, actor: str) -> OtpSecrets:
    """Replace the user's authenticator key and backup codes (a lost or changed phone)."""
    with transaction.atomic():
        otp = otp_devices_replace(user)
        audit_record("user.otp_reset", actor=actor, object_type="user", object_id=user.username)
    return otp


def user_password_set(user: User, password: str, *, actor: str) -> None:
    """Set a new password (already validated by the caller's form or `validate_password`)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            "user.password_changed", actor=actor, object_type="user", object_id=user.username
        )


def token_issue(user: User, *, name: str, actor: str) -> tuple[ApiToken, str]:
    """Issue an API token; returns it and its key, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError(_("a token needs a name (what will use it)"))
    if not user.is_active:
        raise ValidationError(_("user %(name)s is inactive"), params={"name": repr(user.username)})
    while True:  # the prefix is unique so that revoking by prefix is unambiguous
        key = token_key_new()
        if not ApiToken.objects.filter(prefix=key[:PREFIX_LENGTH]).exists():
            break
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=token_hash(key)
        )
        audit_record(
            "token.issued",
            actor=actor,
            object_type="api_token",
            object_id=token.prefix,
            data={"user": user.username, "name": name},
        )
    return token, key


def issue_token(user: User, name: str, *, actor: str = DEMO) -> str:
    """The key of a newly issued token (for the demo; commands use `token_issue`)."""
    return token_issue(user, name=name, actor=actor)[1]


def token_revoke(prefix: str, *, actor: str) -> ApiToken:
    """Revoke the token with this prefix; it authenticates nobody from now on."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(prefix=prefix).first()
        if token is None:
            raise ValidationError(_("no token starts with %(prefix)s"), params={"prefix": prefix})
        if token.revoked_at is not None:
            raise ValidationError(
                _("token %(prefix)s is already revoked"), params={"prefix": prefix}
            )
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            "token.revoked",
            actor=actor,
            object_type="api_token",
            object_id=prefix,
            data={"user": token.user.username, "name": token.name},
        )
    return token


def ensure_demo_user(
    username: str,
    role: str,
    *,
    fund: Fund | None = None,
    bank: str = "",
    body: str = "",
    password: str,
    totp_key_hex: str,
) -> User:
    """A demonstration user with a known password and TOTP key, so the demo can print them.

    Idempotent: a second call with the same arguments writes nothing and logs nothing.
    Not for real users: the password is not checked against the validators.
    """
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        changed: set[str] = set()
        if not user.check_password(password):
            user.set_password(password)
            changed.add("password")
        staff = (user.is_staff, user.is_superuser)
        _role_flags(user, role)
        if created or changed or (user.is_staff, user.is_superuser) != staff:
            user.save()
        membership = Membership.objects.filter(
            user=user, role=role, fund=fund, bank=bank, body=body
        ).first()
        if membership is None:
            membership = Membership(user=user, role=role, fund=fund, bank=bank, body=body)
            membership.full_clean()
            membership.save()
            changed.add("membership")
        device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
        if device is None or device.key != totp_key_hex or not device.confirmed:
            otp_devices_replace(user, totp_key_hex=totp_key_hex)
            changed.add("authenticator")
        if created:
            audit_record(
                "user.created",
                actor=DEMO,
                object_type="user",
                object_id=username,
                data={**_scope(membership), "staff": user.is_staff},
            )
        elif changed:
            audit_record(
                "user.updated",
                actor=DEMO,
                object_type="user",
                object_id=username,
                data={**_scope(membership), "changed": sorted(changed)},
            )
    return user
