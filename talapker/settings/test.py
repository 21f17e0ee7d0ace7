"""Test settings: the database comes from DATABASE_URL (SQLite by default), fast hashing."""

import atexit
import os
import shutil
import tempfile

if "TALAPKER_HOME" not in os.environ:
    _home = tempfile.mkdtemp(prefix="talapker-test-")
    atexit.register(shutil.rmtree, _home, ignore_errors=True)
    os.environ["TALAPKER_HOME"] = _home
os.environ.setdefault("TALAPKER_SECRET_KEY", "test-only-key-not-for-production-0123456789abcdef")
# A connection per request, as before persistent ones: the live server's threads must not
# keep connections open past a test, or PostgreSQL cannot drop the test database.
os.environ.setdefault("TALAPKER_DB_CONN_MAX_AGE", "0")
# Test databases are thrown away: no sync of SQLite's log at every commit (the processes the
# tests start inherit it; the fault harness asks for FULL itself, faults/world.py).
os.environ.setdefault("TALAPKER_SQLITE_SYNCHRONOUS", "normal")

from talapker.settings.base import *  # noqa: F403
from talapker.settings.base import HUEY, REST_FRAMEWORK, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No rate limits (core/http/throttles.py reads the rates at every request, so a test turns
# them on with the `settings` fixture), and no cache of API answers: tests write rows without
# the audit events that production writes go with (core/http/responses.py).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
TALAPKER_API_CACHE_SECONDS = 0
HUEY = {**HUEY, "immediate": True}  # tasks run in the test's own process and database
