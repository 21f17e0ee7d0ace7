"""API tokens: `Authorization: Token <key>` (or `Bearer <key>`), looked up by SHA-256.

The key is random (256 bits), shown once when issued (`talapker issue-token`); the database
keeps its SHA-256 and its first 8 characters. A revoked token, or one whose user is inactive,
authenticates nobody. A token is the machine credential of a bank's or a party's software,
so it needs no second factor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from talapker.accounts.models import ApiToken
from talapker.core.busy import write_if_free

KEYWORDS = (b"token", b"bearer")
PREFIX_LENGTH = 8
# Last use tells an administrator whether a token is still in use, a matter of days. Recording
# it more often would turn every authenticated read into a write, competing with filings and
# imports for the write lock (SQLite has one for the whole database).
TOUCH_INTERVAL = dt.timedelta(minutes=5)


def token_hash(key: str) -> str:
    """The SHA-256 (hex) of a token key: what the database stores."""
    return hashlib.sha256(key.encode()).hexdigest()


def token_key_new() -> str:
    """A new random key (43 URL-safe characters), never starting with "-" or "_", so that
    its prefix can be given to a command without looking like an option."""
    while True:
        key = secrets.token_urlsafe(32)
        if key[0].isalnum():
            return key


class ApiTokenAuthentication(BaseAuthentication):
    """DRF authentication by API token; `request.auth` is the `ApiToken`."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_("Invalid token header: give the token after the word."))
        try:
            key = words[1].decode("ascii")
        except UnicodeError:
            raise AuthenticationFailed(_("Invalid or revoked token.")) from None
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str) -> tuple[AbstractBaseUser, ApiToken]:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=token_hash(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        self._touch(token)
        return token.user, token

    @staticmethod
    def _touch(token: ApiToken) -> None:
        """Record the use, at most once per TOUCH_INTERVAL: one UPDATE, in a transaction of its
        own that waits only briefly for a lock. When another write holds the lock the use is
        not recorded this time, and the request goes on: a read never fails or waits for it."""
        now = timezone.now()
        if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
            return
        if write_if_free(lambda: ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)):
            token.last_used_at = now

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI description shows the token (registered by being defined)."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            **build_bearer_security_scheme_object("HTTP_AUTHORIZATION", "Token"),
            "description": "Authorization: Token <key> (issued by `talapker issue-token`)",
        }
