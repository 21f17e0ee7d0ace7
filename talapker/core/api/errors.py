"""Every error of the API (`/api/`) is a JSON problem in the requester's language.

The language is the one LocaleMiddleware chose: `Accept-Language`, Kyrgyz by default. A
problem is `{"detail": text, "code": a stable code}`; a validation error keeps DRF's shape
(a message list per field). Two places make problems:

- `api_exception_handler`, DRF's exception handler, for what a view raises. Django's and
  Python's English texts (`get_object_or_404`'s "No Election matches the given query.", the
  json module's "Expecting value: line 1 column 1") are replaced with translated ones, and
  the answer is JSON whatever renderer the request asked for (`?format=csv`, a browser). A
  lock that outlasted the wait is 503 with `Retry-After` (core/busy.py).
- `ApiErrorMiddleware`, for what never reaches a DRF view or leaves it unhandled: a path
  the router does not know (Django's 404 page), a request Django refuses before the view
  (400), an exception no one caught (Django's 500 page). It replaces such an HTML page with
  the problem of its status.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from talapker.core.busy import (
    UNAVAILABLE_WAIT,
    DatabaseBusy,
    ServiceUnavailable,
    is_lock_wait,
    is_unavailable,
    retry_after,
)
from talapker.core.readerrors import json_error_text

API_PREFIX = "/api/"

# How DRF's parsers begin the English text of a ParseError.
DRF_PARSE_ERRORS = ("JSON parse error", "Multipart form parse error", "Missing filename")

# The problem of a status, for error pages that Django makes outside DRF's views.
STATUS_PROBLEMS: dict[int, type[exceptions.APIException]] = {
    400: exceptions.ParseError,
    401: exceptions.NotAuthenticated,
    403: exceptions.PermissionDenied,
    404: exceptions.NotFound,
    406: exceptions.NotAcceptable,
    415: exceptions.UnsupportedMediaType,
    429: exceptions.Throttled,
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, answering in JSON with texts in the requester's language.

    Returns None for an exception that is not an API error: Django then answers 500 (and
    logs it), and ApiErrorMiddleware turns that page into a JSON problem."""
    exc = _translated(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data:
        response.data.setdefault("code", _code(exc))
    if isinstance(exc, DatabaseBusy):
        add_never_cache_headers(response)
    request = context.get("request")
    if request is not None:  # an error is JSON, even for ?format=csv or a browser
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def _translated(exc: Exception) -> Exception:
    """The exception with our translated text where Django or Python would speak English,
    and a lock that outlasted the wait as 503 "busy" (core/busy.py)."""
    if is_lock_wait(exc):
        busy = DatabaseBusy()
        busy.wait = retry_after()
        return busy
    if is_unavailable(exc):
        gone = ServiceUnavailable()
        gone.wait = UNAVAILABLE_WAIT
        return gone
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ParseError):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, json.JSONDecodeError):
            return exceptions.ParseError(json_error_text(cause), code="json_invalid")
        if str(exc.detail).startswith(DRF_PARSE_ERRORS):  # DRF's parsers' English
            return exceptions.ParseError()
    return exc


def _code(exc: Exception) -> str:
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        return exc.default_code
    return "error"


def problem(request: HttpRequest, status: int) -> JsonResponse:
    """The JSON problem for an HTTP status, in the active language."""
    kind = STATUS_PROBLEMS.get(status)
    if kind is not None:
        exc = kind()
        detail, code = str(exc.detail), exc.default_code
    elif status == 405:
        exc = exceptions.MethodNotAllowed(request.method or "")
        detail, code = str(exc.detail), exc.default_code
    elif 400 <= status < 500:
        detail, code = _("Malformed request."), "invalid"
    else:
        detail, code = _("A server error occurred."), "server_error"
    return JsonResponse({"detail": detail, "code": code}, status=status)


class ApiErrorMiddleware:
    """Turns an HTML error page under /api/ into the JSON problem of its status.

    Placed after LocaleMiddleware, so the requester's language is active."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = problem(request, response.status_code)
            for header in ("Retry-After", "WWW-Authenticate", "Allow", "Vary", "Cache-Control"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response
