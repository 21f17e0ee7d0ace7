"""The validators of a public read, and the 304 that answers a fresh copy without the view.

The ETag is weak (`W/"…"`: the same data, gzip-compressed or not) and is a digest of all
that chooses the answer: the data version (core/http/version.py), the active language, the
path, the query string and, on the API, the `Accept` header. Two requests with one ETag get
the same bytes.

Last-Modified is the time of the newest change. HTTP dates count whole seconds, so a second
write within the second of the first would leave it unchanged, and a transaction commits a
little after it stamped its audit event: while the newest change is younger than
`SETTLE`, no Last-Modified is sent and If-Modified-Since is not honoured (the ETag is).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response

from talapker.core.http.policy import API
from talapker.core.http.version import DataVersion

SETTLE = dt.timedelta(seconds=2)


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: int | None  # POSIX seconds; None while the newest change is too young

    @property
    def digest(self) -> str:
        return self.etag[3:-1]


def validators_for(request: HttpRequest, kind: str, version: DataVersion) -> Validators:
    """The ETag and Last-Modified that the answer to this request will carry."""
    parts = [
        version.tag,
        translation.get_language() or "",
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.headers.get("Accept", "") if kind == API else "",
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    settled = timezone.now() - version.modified >= SETTLE
    return Validators(
        etag=f'W/"{digest}"',
        last_modified=int(version.modified.timestamp()) if settled else None,
    )


def precondition_response(request: HttpRequest, validators: Validators) -> HttpResponseBase | None:
    """304 when the client's copy is still the answer (If-None-Match, else
    If-Modified-Since), 412 when an If-Match fails; None when the view must answer."""
    return get_conditional_response(
        request, etag=validators.etag, last_modified=validators.last_modified
    )
