"""The server-side cache of anonymous API answers.

An answer is kept under its ETag, which already names everything that chooses it (the data
version, language, path, query and `Accept`: core/http/conditional.py). So an entry is never
stale: after any write the version, hence the key, is another, and the old entries are
simply never asked for again until they expire or are culled. What is kept: a 200 that is
not streamed (a CSV export streams), JSON, at most `MAX_BYTES`, that sets no cookie. A
request answered from here is still counted by the rate limits (core/http/throttles.py).

`TALAPKER_API_CACHE_SECONDS` is how long an entry lives (0 turns the cache off, as the test
settings do: tests write rows without the audit events that production writes go with).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from talapker.core.http.conditional import Validators

CACHE = "responses"
MAX_BYTES = 1024 * 1024
# Headers set by the view or a middleware below ours that the cached answer keeps.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Vary", "Allow")


def _enabled() -> bool:
    seconds: int = settings.TALAPKER_API_CACHE_SECONDS
    return seconds > 0


def _key(validators: Validators) -> str:
    return f"api-{validators.digest}"


def cached_response(validators: Validators) -> HttpResponse | None:
    """The kept answer with these validators, if any."""
    if not _enabled():
        return None
    entry = caches[CACHE].get(_key(validators))
    if entry is None:
        return None
    content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def keep_response(request: HttpRequest, validators: Validators, response: HttpResponseBase) -> None:
    """Keep a view's answer for the next request with the same validators, if it may be."""
    if not _enabled() or response.status_code != 200 or response.streaming:
        return
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return
    if not response.get("Content-Type", "").startswith("application/json"):
        return
    assert isinstance(response, HttpResponse)
    if len(response.content) > MAX_BYTES:
        return
    headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
    caches[CACHE].set(
        _key(validators), (response.content, headers), settings.TALAPKER_API_CACHE_SECONDS
    )
