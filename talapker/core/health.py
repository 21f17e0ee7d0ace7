"""`/healthz` and `/readyz` for load balancers and orchestrators (docs/runbooks/deployment.md).

Liveness answers without touching anything: a process that can run a view is alive.
Readiness asks the database for a trivial query, checks that no migration is pending and
that the queue answers, all within `READY_TIMEOUT` seconds (a hung connection is a 503, not
a probe that hangs with it). Both are outside the language prefix, need no sign-in and are
never cached.
"""

from __future__ import annotations

import threading

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

READY_TIMEOUT = 3.0  # seconds
_migrated = False  # once every migration is applied it stays so for this process


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    problem = readiness_problem()
    if problem:
        return JsonResponse({"status": "unavailable", "reason": problem}, status=503)
    return JsonResponse({"status": "ready"})


def readiness_problem(timeout: float = READY_TIMEOUT) -> str:
    """Why the platform cannot serve now ("" when it can), checked in a thread of its own so
    that a database or queue that does not answer costs the probe `timeout` at most."""
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(_check()), daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        return f"no answer within {timeout:g} s"
    return outcome[0]


def _check() -> str:
    try:
        return _database() or _queue()
    finally:
        connection.close()  # the thread's own connection, never reused


def _database() -> str:
    global _migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if not _migrated:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return "database: migrations pending"
            _migrated = True
    except Exception as error:
        return f"database: {type(error).__name__}"
    return ""


def _queue() -> str:
    from huey.contrib.djhuey import HUEY

    try:
        HUEY.pending_count()
    except Exception as error:
        return f"queue: {type(error).__name__}"
    return ""
