"""The client address that login throttling (django-axes) counts failures against.

Behind reverse proxies every request comes from the proxy; `TALAPKER_PROXY_COUNT` says how
many proxies append to `X-Forwarded-For`, so that the address the nearest of them saw is
used. The header's other entries are chosen by the client and are never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


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
