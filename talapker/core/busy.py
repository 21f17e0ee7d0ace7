"""A database lock that outlasts the wait answers 503 "busy, try again", never 500; so does
a write that the disk or the database server cannot take now.

A write waits `TALAPKER_DB_LOCK_WAIT` seconds for another's lock: SQLite's busy timeout,
PostgreSQL's `lock_timeout` (settings/base.py). When the wait runs out, or PostgreSQL
cancels a transaction to break a deadlock or a serialization conflict, the transaction was
rolled back and the request may simply be sent again: the API answers 503 with
`Retry-After` and a JSON problem (`{"detail", "code": "busy"}`), the browser a translated
"busy, try again" page. DRF's exception handler (core/api/errors.py) turns it into
`DatabaseBusy` in an API view; the middleware answers for every other view (and for an API
view whose handler let it through); `server_error` (urls.py `handler500`) for a lock met
outside a view, such as a session saved on the way out.

The same way, a full disk (SQLite's "database or disk is full", the system's ENOSPC or
EDQUOT while a file is stored, PostgreSQL's disk_full) and a database server that is gone
(PostgreSQL restarting or shutting down, a connection that broke) answer 503 with
`UNAVAILABLE_DETAIL` and a longer `Retry-After`: the transaction did not commit, nothing
was stored, and the same request sent again once the server is back stores it once
(docs/faults.md).
"""

from __future__ import annotations

import errno
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
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
# The disk cannot take a write: SQLite's SQLITE_FULL and SQLITE_IOERR, the system's errors.
SQLITE_UNAVAILABLE = ("database or disk is full", "disk I/O error")
DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
# PostgreSQL: disk_full, out_of_memory, admin_shutdown, crash_shutdown, cannot_connect_now,
# and every connection_exception (class 08).
POSTGRESQL_UNAVAILABLE = {"53100", "53200", "57P01", "57P02", "57P03"}
UNAVAILABLE_WAIT = 10  # seconds: a restart or an operator freeing space takes longer than a lock

# How long a write that may be skipped waits for a lock: long enough for a short write of
# another request to finish, short enough that a reader never notices.
BRIEF_WAIT = 0.05

BUSY_DETAIL = _(
    "The server is busy saving other changes and could not save yours in time. "
    "Try again in a few seconds."
)
UNAVAILABLE_DETAIL = _(
    "The server cannot save anything at the moment: its storage or database is not "
    "available. Nothing was saved. Send the same request again in a minute."
)


def is_lock_wait(exc: BaseException) -> bool:
    """Whether `exc` says that another transaction's lock outlasted the wait (or PostgreSQL
    broke a deadlock or a serialization conflict): busy, not broken."""
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) in POSTGRESQL_RETRY:
        return True
    return str(exc).startswith(SQLITE_LOCKED)


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` says that the disk or the database server cannot take the write now (a
    full disk, a server restarting, a broken connection): unavailable, not broken."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:  # the cause's chain: Django wraps psycopg
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
            return True
        if isinstance(exc, InterfaceError):  # Django's "connection already closed"
            return True
        if isinstance(exc, OperationalError):
            cause = exc.__cause__
            state = getattr(cause, "sqlstate", None)
            if state in POSTGRESQL_UNAVAILABLE or (state or "").startswith("08"):
                return True
            if cause is not None and state is None and type(cause).__module__.startswith("psycopg"):
                return True  # no SQLSTATE: the connection itself failed (refused, closed)
            if str(exc).startswith(SQLITE_UNAVAILABLE):
                return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def retry_after() -> int:
    """Seconds to tell the client to wait before trying again: as long as the lock wait,
    which a transaction that held the lock that long is likely to need again."""
    return max(1, math.ceil(settings.TALAPKER_DB_LOCK_WAIT))


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def busy_response(request: HttpRequest, *, unavailable: bool = False) -> HttpResponse:
    """The 503 answer: a JSON problem under /api/, the translated page elsewhere."""
    response: HttpResponse
    detail, code = (UNAVAILABLE_DETAIL, "unavailable") if unavailable else (BUSY_DETAIL, "busy")
    if _is_api(request):
        response = JsonResponse({"detail": str(detail), "code": code}, status=503)
    else:
        try:
            response = render(request, "503.html", {"detail": detail}, status=503)
        except Exception:  # the page itself needs what is gone (the session, the user)
            response = HttpResponse(str(detail), status=503, content_type="text/plain")
    response["Retry-After"] = str(UNAVAILABLE_WAIT if unavailable else retry_after())
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
        if is_lock_wait(exc):
            return busy_response(request)
        if is_unavailable(exc):
            return busy_response(request, unavailable=True)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: the 503 answer for a lock that outlasted the wait outside any view (a
    middleware writing the session), Django's 500 page for anything else."""
    exc = sys.exc_info()[1]
    if exc is not None and is_lock_wait(exc):
        return busy_response(request)
    if exc is not None and is_unavailable(exc):
        return busy_response(request, unavailable=True)
    return defaults.server_error(request)


class DatabaseBusy(APIException):
    """The API's 503 for a lock that outlasted the wait."""

    status_code = 503
    default_detail = BUSY_DETAIL
    default_code = "busy"
    wait: int | None = None  # DRF's exception handler turns it into the Retry-After header


class ServiceUnavailable(DatabaseBusy):
    """The API's 503 for a full disk or a database server that is gone."""

    default_detail = UNAVAILABLE_DETAIL
    default_code = "unavailable"


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
