"""Login throttling (django-axes): the client address that failures count against, a limit of
its own for each way of counting them, and the one page every block shows.

Failed sign-ins are counted three ways, each with its limit (`TALAPKER_LOGIN_LIMITS`): per
account and address, per account from any address (many addresses guessing one password)
and per address to any account (one address trying a few passwords on many accounts).
django-axes compares every count with one limit, `AXES_FAILURE_LIMIT`; the handler scales
each count to it, so that a count reaches that limit exactly when it reaches its own.

Behind reverse proxies every request comes from the proxy; `TALAPKER_PROXY_COUNT` says how
many proxies append to `X-Forwarded-For`, so that the address the nearest of them saw is
used. The header's other entries are chosen by the client and are never trusted.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.TALAPKER_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(forwarded) < proxies:
        return remote
    return _address(forwarded[-proxies]) or remote


def failure_limit(together: str | Sequence[str]) -> int:
    """How many failures counted over these parameters block them (`TALAPKER_LOGIN_LIMITS`)."""
    key = (together,) if isinstance(together, str) else tuple(together)
    limit: int = settings.TALAPKER_LOGIN_LIMITS[key]
    return limit


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with a limit for each way of counting, and a success that
    forgives only the account that signed in."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The count closest to its limit, scaled so that reaching its own limit is reaching
        `AXES_FAILURE_LIMIT` (the number axes compares every count with)."""
        common: int = settings.AXES_FAILURE_LIMIT
        ways = get_lockout_parameters(request, credentials)
        counted = self.get_user_attempts(request, credentials)
        worst = 0
        for together, attempts in zip(ways, counted, strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, failures * common // failure_limit(together))
        return worst

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After a success, forget this account's failures from every address, but not other
        accounts' failures from this address: an attacker with an account of their own must
        not wipe the per-address count by signing in between guesses."""
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(username=username).delete()
        return deleted


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one page of every block, whichever count reached its limit and whether or not the
    account exists, so that it tells an attacker nothing."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
