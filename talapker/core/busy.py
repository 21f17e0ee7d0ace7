"""A database lock that outlasts the wait answers 503 "busy, try again", never 500.

A write waits `TALAPKER_DB_LOCK_WAIT` seconds for another's lock: SQLite's busy timeout,
PostgreSQL's `lock_timeout` (settings/base.py). When the wait runs out, or PostgreSQL
cancels a transaction to break a deadlock or a serialization conflict, the transaction was
rolled back and the request may simply be sent again: the API answers 503 with
`Retry-After` and a JSON problem (`{"detail", "code": "busy"}`), the browser a translated
"busy, try again" page. DRF's exception handler (core/api/errors.py) turns it into
`DatabaseBusy` in an API view; the middleware answers for every other view (and for an API
view whose handler let it through); `server_error` (urls.py `handler500`) for a lock met
outside a view, such as a session saved on the way out.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework.exceptions import APIException

# The messages sqlite3 gives when another connection holds the lock it needs.
SQLITE_LOCKED = ("database is locked", "database table is locked", "database schema is locked")
# PostgreSQL: lock_not_available (lock_timeout ran out), deadlock_detected,
# serialization_failure. Each rolls the transaction back, so the request can be sent again.
POSTGRESQL_RETRY = {"55P03", "40P01", "40001"}

# How long a write that may be skipped waits for a lock: long enough for a short write of
# another request to finish, short enough that a reader never notices.
BRIEF_WAIT = 0.05

BUSY_DETAIL = _(
    "The server is busy saving other changes and could not save yours in time. "
    "Try again in a few seconds."
)


def is_lock_wait(exc: BaseException) -> bool:
    """Whether `exc` says that another transaction's lock outlasted the wait (or PostgreSQL
    broke a deadlock or a serialization conflict): busy, not broken."""
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) in POSTGRESQL_RETRY:
        return True
    return str(exc).startswith(SQLITE_LOCKED)


def retry_after() -> int:
    """Seconds to tell the client to wait before trying again: as long as the lock wait,
    which a transaction that held the lock that long is likely to need again."""
    return max(1, math.ceil(settings.TALAPKER_DB_LOCK_WAIT))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def busy_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer: a JSON problem under /api/, the translated page elsewhere."""
    response: HttpResponse
    if _is_api(request):
        response = JsonResponse({"detail": str(BUSY_DETAIL), "code": "busy"}, status=503)
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(retry_after())
    add_never_cache_headers(response)
    return response


class BusyMiddleware:
    """Turns a lock that outlasted the wait in a view into the 503 answer."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        return busy_response(request) if is_lock_wait(exc) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: the 503 answer for a lock that outlasted the wait outside any view (a
    middleware writing the session), Django's 500 page for anything else."""
    exc = sys.exc_info()[1]
    if exc is not None and is_lock_wait(exc):
        return busy_response(request)
    return defaults.server_error(request)


class DatabaseBusy(APIException):
    """The API's 503 for a lock that outlasted the wait."""

    status_code = 503
    default_detail = BUSY_DETAIL
    default_code = "busy"
    wait: int | None = None  # DRF's exception handler turns it into the Retry-After header


def write_if_free(write: Callable[[], object], *, wait: float = BRIEF_WAIT) -> bool:
    """Run `write`, a small write that may as well not happen (like recording a token's last
    use), in a transaction of its own (a savepoint inside another), waiting at most `wait`
    seconds for a lock instead of the whole lock wait. False, with nothing written, when the
    lock was not free in time."""
    try:
        with _sqlite_wait(wait), transaction.atomic():
            restore = _postgresql_wait(wait)
            write()
            restore()
    except OperationalError as exc:
        if not is_lock_wait(exc):
            raise
        return False
    return True


@contextmanager
def _sqlite_wait(seconds: float) -> Iterator[None]:
    """SQLite's busy timeout of this connection set to `seconds` (it is taken at BEGIN)."""
    if connection.vendor != "sqlite":
        yield
        return
    configured = connection.settings_dict["OPTIONS"].get("timeout", 5.0)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {round(seconds * 1000):d}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {round(configured * 1000):d}")


def _postgresql_wait(seconds: float) -> Callable[[], None]:
    """PostgreSQL's lock_timeout set to `seconds` for the current transaction; returns what
    puts the previous one back (a failed transaction or savepoint puts it back itself)."""
    if connection.vendor != "postgresql":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
            [f"{round(seconds * 1000):d}ms"],
        )
        previous = cursor.fetchone()[0]

    def restore() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])

    return restore
