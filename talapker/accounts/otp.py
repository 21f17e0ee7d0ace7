"""The second factor: a TOTP authenticator app, and single-use backup codes.

Filers, auditors, administrators and staff must have a confirmed TOTP device and pass its
code at login to be *verified*. Anyone else who has a device (create-user gives banks one
too) must pass it as well. A bank user without a device is verified by the password alone.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from talapker.accounts.models import Role
from talapker.accounts.permissions import has_role

OTP_ROLES = (Role.FILER, Role.AUDITOR, Role.ADMINISTRATOR)
BACKUP_CODE_COUNT = 10
BACKUP_CODE_DIGITS = 8
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"


@dataclass(frozen=True)
class Authenticator:
    """How a person puts a TOTP key into an authenticator app: the key in base32 (typed by
    hand), and the `otpauth://totp/Talapker:USERNAME?secret=…&issuer=Talapker` URI (scanned
    from its QR code, `talapker.accounts.qr`)."""

    secret_base32: str
    provisioning_uri: str


@dataclass(frozen=True)
class OtpSecrets:
    """What a person needs to set up the second factor; shown once, never stored elsewhere."""

    authenticator: Authenticator
    backup_codes: list[str]

    @property
    def provisioning_uri(self) -> str:
        return self.authenticator.provisioning_uri


def authenticator_of(device: TOTPDevice) -> Authenticator:
    """The setup of this device, from the very key django-otp checks codes with (the URI
    carries the same base32 secret)."""
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return Authenticator(secret_base32=secret, provisioning_uri=device.config_url)


def authenticator_for(user: AbstractBaseUser) -> Authenticator | None:
    """The setup of the user's authenticator, or None if the user has none."""
    device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
    return None if device is None else authenticator_of(device)


def otp_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this user must pass a one-time code to be verified."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return has_role(user, *OTP_ROLES) or user_has_device(user)


def is_verified(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Signed in, active, and past the second factor if the user needs one."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    check = getattr(user, "is_verified", None)  # installed by django_otp's OTPMiddleware
    if callable(check) and check():
        return True
    return not otp_required(user)


def normalise_code(code: str) -> str:
    """Codes as people type them: spaces and hyphens dropped ("123 456", "1234-5678")."""
    return "".join(code.split()).replace("-", "")


def code_verify(user: AbstractBaseUser, code: str) -> Device | None:
    """The confirmed device of this user that accepts the code (TOTP first), or None.

    django-otp throttles each device after failures and refuses a TOTP code used before.
    """
    code = normalise_code(code)
    if not code.isdigit() or len(code) not in (6, BACKUP_CODE_DIGITS):
        return None
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice) != (len(code) == 6):
            continue
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def backup_code() -> str:
    """An 8-digit single-use code (digits, so that phones show the number pad for both)."""
    return "".join(secrets.choice("0123456789") for _ in range(BACKUP_CODE_DIGITS))


def otp_devices_replace(user: AbstractBaseUser, *, totp_key_hex: str | None = None) -> OtpSecrets:
    """Give the user a new confirmed TOTP device and 10 new backup codes, dropping old ones.

    Must run inside the caller's transaction (which also records the audit event).
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    totp = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    if totp_key_hex is not None:
        totp.key = totp_key_hex
    totp.full_clean(exclude=["user"])
    totp.save()
    static = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [backup_code() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return OtpSecrets(authenticator=authenticator_of(totp), backup_codes=codes)
