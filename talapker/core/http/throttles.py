"""The API's rate limits: anonymous clients by address, signed-in writers by account.

DRF's own throttles keep every request's time in one list per client and rewrite it on every
request, 6,000 floats for 6,000 an hour. These count in two fixed windows instead (a
sliding-window counter): the client's count in the current window plus its count in the
previous one, weighed by how much of it still lies within one period. That is a read of two
numbers and one atomic increment per request, whatever the rate, in counters that every
worker shares (core/http/counters.py).

The rates are read at every request from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`
(`anon` and `user`; None turns a limit off, as the test settings do). The client's
address is `REMOTE_ADDR`, or the one the nearest of `TALAPKER_PROXY_COUNT` proxies saw
(DRF's `NUM_PROXIES`): the rest of `X-Forwarded-For` is the client's to choose.
"""

from __future__ import annotations

import math
from typing import Any, cast

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from talapker.core.http.counters import counters


class SlidingWindowThrottle(SimpleRateThrottle):
    """A rate limit counted in two windows (above); subclasses say whom a request counts for."""

    num_requests: int
    duration: int

    def get_rate(self) -> str | None:
        if self.scope is None:  # pragma: no cover - a subclass without a scope
            raise NotImplementedError("a throttle needs a scope")
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(self.scope)
        return rate if isinstance(rate, str) else None

    def allow_request(self, request: Any, view: Any) -> bool:
        self.retry_after: float | None = None
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        limit, period = self.num_requests, self.duration
        now = self.timer()
        window, into = divmod(now, period)
        current_key, previous_key = f"{key}:{int(window)}", f"{key}:{int(window) - 1}"
        store = counters()
        counts = store.read([previous_key, current_key])
        previous, current = counts.get(previous_key, 0), counts.get(current_key, 0)
        if previous * (1 - into / period) + current >= limit:
            self.retry_after = _retry_after(limit, period, into, previous, current)
            return False
        store.count(current_key, 2 * period)
        return True

    def wait(self) -> float | None:
        return self.retry_after


def _retry_after(limit: int, period: int, into: float, previous: int, current: int) -> float:
    """Seconds until the weighed count falls below the limit again, if no request comes."""
    if current < limit:  # the previous window's weight has to fade a little more
        return max(1.0, period * (1 - (limit - current) / previous) - into)
    # The current window alone is full: wait for the next one, and for its weight to fade.
    return max(1.0, (period - into) + period * (1 - limit / current))


class AnonThrottle(SlidingWindowThrottle):
    """Anonymous clients, by address (`anon`)."""

    scope = "anon"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return f"throttle-anon-{self.get_ident(request)}"


class UserThrottle(SlidingWindowThrottle):
    """Signed-in clients (banks' and filers' tokens, staff sessions), by account (`user`)."""

    scope = "user"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return f"throttle-user-{request.user.pk}"


def throttled_response(request: HttpRequest) -> JsonResponse | None:
    """The 429 problem for a request answered without its view (from the response cache) if
    one of the API's throttles refuses it, counting it otherwise; None when it may pass."""
    waits = []
    classes = cast(list[type[BaseThrottle]], api_settings.DEFAULT_THROTTLE_CLASSES)
    for throttle_class in classes:
        throttle = throttle_class()
        # DRF's throttles read only `user` and `META`, which a Django request has.
        if not throttle.allow_request(cast(Any, request), cast(Any, None)):
            waits.append(throttle.wait())
    if not waits:
        return None
    known = [wait for wait in waits if wait is not None]
    wait = math.ceil(max(known)) if known else None
    refused = Throttled(wait=wait)
    response = JsonResponse({"detail": str(refused.detail), "code": "throttled"}, status=429)
    if wait is not None:
        response["Retry-After"] = str(wait)
    patch_cache_control(response, no_store=True)
    return response
