"""One middleware for HTTP caching (docs/decisions/0011-http-caching.md).

For a public read (core/http/policy.py) it reads the data version before the view, makes the
validators, and answers a fresh conditional request with 304 without running the view; an
anonymous API read already answered is served from the response cache (after the rate
limits); otherwise the view runs and its 2xx answer gets the validators and public caching.
Any other response is `private, no-store`.

It sits after the authentication middlewares (it must know who asks) and LocaleMiddleware
(the language is in the ETag), inside GZipMiddleware (which turns a strong ETag weak; ours
are weak already) and inside CorsMiddleware (so a 304 carries the CORS headers too).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from talapker.core.http import policy
from talapker.core.http.conditional import Validators, precondition_response, validators_for
from talapker.core.http.responses import cached_response, keep_response
from talapker.core.http.throttles import throttled_response
from talapker.core.http.version import code_stamp, data_version


class HttpCachingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        code_stamp()  # digested as the worker loads the application, not on a first request

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        kind = policy.kind_of(request)
        if kind is None or not policy.is_public_read(request, kind):
            response = self.get_response(request)
            policy.mark_private(response, kind)
            return response
        validators = validators_for(request, kind, data_version())
        early = self._without_view(request, kind, validators)
        if early is None:
            response = self.get_response(request)
            self._after_view(request, kind, validators, response)
            return response
        if early.status_code in (200, 304):
            policy.mark_public(early, kind, validators.etag, validators.last_modified)
        else:
            policy.mark_uncached(early, kind)
        return early

    @staticmethod
    def _without_view(
        request: HttpRequest, kind: str, validators: Validators
    ) -> HttpResponseBase | None:
        """A 304 (or 412) for a conditional request, or a kept API answer (or the 429 of
        the rate limits it must still pass); None when the view must answer."""
        precondition = precondition_response(request, validators)
        if precondition is not None:
            return precondition
        if kind != policy.API:
            return None
        kept = cached_response(validators)
        if kept is None:
            return None
        return throttled_response(request) or kept

    @staticmethod
    def _after_view(
        request: HttpRequest, kind: str, validators: Validators, response: HttpResponseBase
    ) -> None:
        if not 200 <= response.status_code < 300:
            policy.mark_uncached(response, kind)
        elif response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            policy.mark_private(response, kind)  # a cookie for this reader alone
        else:
            if kind == policy.API:
                keep_response(request, validators, response)
            policy.mark_public(response, kind, validators.etag, validators.last_modified)
