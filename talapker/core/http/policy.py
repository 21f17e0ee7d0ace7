"""Which requests are public reads, and what every response tells caches.

A public read is a GET or HEAD of the API (`/api/...`) or of a public page (the
`disclosure` and `opendata` URLs under /ky/, /ru/, /en/) by someone who is not signed in:
no session of a signed-in user, no `Authorization` header. Only those carry validators and
`Cache-Control: public, max-age=TALAPKER_HTTP_MAX_AGE`. Everything else — the staff and
filer pages, the sign-in page, a signed-in user's view of a public page (it names their
workspace), every write — is `private, no-store`, so that no shared cache ever holds what
one person saw. An error of a public read is `no-store` too: a 429 or a 503 is one
client's, and a 404 is not worth keeping.

`Vary` names what else chooses the answer at one URL: on a page, the cookie (signed in or
not; the language is in the path); on the API, also `Accept` (JSON or the browsable HTML)
and `Accept-Language` (the language of problems).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

API = "api"
PAGE = "page"
API_PREFIX = "/api/"
PUBLIC_PAGE_NAMESPACES = frozenset({"disclosure", "opendata"})
SAFE_METHODS = frozenset({"GET", "HEAD"})
VARY = {API: ("Accept", "Accept-Language", "Cookie"), PAGE: ("Cookie",)}


def kind_of(request: HttpRequest) -> str | None:
    """API, PAGE for a public page's URL (whoever asks), or None for any other URL."""
    path = request.path_info
    if path.startswith(API_PREFIX):
        return API
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return PAGE if match.namespace in PUBLIC_PAGE_NAMESPACES else None


def signed_in(request: HttpRequest) -> bool:
    """Whether the request speaks for someone: an API token or a signed-in session. Without
    a session cookie this costs no query."""
    if "Authorization" in request.headers:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_public_read(request: HttpRequest, kind: str | None) -> bool:
    return kind is not None and request.method in SAFE_METHODS and not signed_in(request)


def mark_public(
    response: HttpResponseBase, kind: str, etag: str, last_modified: int | None
) -> None:
    """The headers of a public read's answer (200 or 304): validators, shared caching.

    A view that made its own validator keeps it with its own caching (a scan's page image
    is the digest of the scan: it stays valid whatever else changes)."""
    if "ETag" in response:
        patch_vary_headers(response, VARY[kind])
        return
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.TALAPKER_HTTP_MAX_AGE)
    patch_vary_headers(response, VARY[kind])


def mark_uncached(response: HttpResponseBase, kind: str) -> None:
    """An error of a public read: stored by no cache, unless the view said otherwise."""
    if "Cache-Control" not in response:
        patch_cache_control(response, no_store=True)
    patch_vary_headers(response, VARY[kind])


def mark_private(response: HttpResponseBase, kind: str | None) -> None:
    """Anything but a public read: for its reader's eyes only, stored nowhere."""
    patch_cache_control(response, private=True, no_store=True)
    if kind is not None:
        patch_vary_headers(response, VARY[kind])
