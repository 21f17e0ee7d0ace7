"""Helpers for any app's tests that need a signed-in, OTP-verified user.

    from talapker.accounts.testing import make_user, sign_in
    treasurer = make_user("treasurer", Role.FILER, fund=fund)
    prosecutor = make_user("prosecutor", Role.HANDLER, body="prosecutor")
    sign_in(client, treasurer)            # as if they had passed password and code
    client.get("/en/filings/...")

`client.login()` does not work with django-axes (it authenticates without a request);
use `sign_in`, or `client.force_login` for a session without the second factor.
"""

from __future__ import annotations

import time

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from talapker.accounts.models import Membership, Role
from talapker.accounts.otp import TOTP_DEVICE_NAME
from talapker.funds.models import Fund

TEST_PASSWORD = "correct horse battery staple 2026"  # noqa: S105 (tests only)


def make_user(
    username: str,
    role: str | None = None,
    *,
    fund: Fund | None = None,
    bank: str = "",
    body: str = "",
    device: bool = True,
) -> User:
    """A user with `TEST_PASSWORD`, one role (or none) and, unless told, a TOTP device."""
    user = User.objects.create_user(username, password=TEST_PASSWORD)
    if role == Role.ADMINISTRATOR:
        user.is_staff = user.is_superuser = True
        user.save()
    if role is not None:
        Membership.objects.create(user=user, role=role, fund=fund, bank=bank, body=body)
    if device:
        TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    return user


def totp_code(user: User, *, at: float | None = None) -> str:
    """The code the user's authenticator app shows now (or at the Unix time `at`)."""
    device = TOTPDevice.objects.get(user=user, name=TOTP_DEVICE_NAME)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, user: User) -> None:
    """Sign the client in as `user`, verified by the user's TOTP device (created if absent)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=TOTP_DEVICE_NAME, defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
