"""The version of the public data: one value that changes whenever a public byte may.

Every write of consequence adds an audit event in its own transaction (audit/models.py), so
the newest event's number and time say which state of the data a reader sees. Two kinds of write do
not go through the audit log and are counted beside it (`TALAPKER_CHANGE_LOGS`): edits in the
admin site, which logs them in its own table, and the scans' text, which the queue's
consumer extracts after the filing committed. Reading the newest row of each is an index
lookup: a few hundred microseconds per request, and never stale, since nothing is kept
between requests (a version kept in a cache would be wrong in every worker that missed
the write).

What else changes a page: the day (the home page splits elections at today), and the code
(templates, translations, the OpenAPI document), whose files' digest is taken once per process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# The files whose change changes what the platform answers (tests are not served).
CODE_SUFFIXES = {".py", ".html", ".mo", ".json", ".txt"}
# Libraries whose upgrade changes answers without a change of ours (the OpenAPI document).
LIBRARIES = ("django", "djangorestframework", "drf-spectacular")


@dataclass(frozen=True)
class DataVersion:
    tag: str  # changes with any write, the day or the code
    modified: dt.datetime  # the newest of those changes, for Last-Modified


def data_version() -> DataVersion:
    """The version of the public data as this request sees it: read before the view runs,
    so that a write committing meanwhile can only make an answer newer than its version."""
    today = timezone.localdate()
    modified = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    marks = [code_stamp(), today.isoformat()]
    with connection.cursor() as cursor:
        cursor.execute(_newest_rows_sql(connection.vendor))
        row = cursor.fetchone()
    for pk, at in zip(row[::2], row[1::2], strict=True):
        if at is None:
            marks.append("0")
            continue
        # The time beside the number: a database restored from a backup (or rebuilt) numbers
        # its next rows as before, with other data and at other times.
        at = _aware(at)
        marks.append(f"{pk}@{at.timestamp()}")
        modified = max(modified, at)
    return DataVersion(tag=".".join(marks), modified=modified)


@cache
def _newest_rows_sql(vendor: str) -> str:
    """One statement reading the key and time of each change log's newest row: an index
    lookup each, without the ORM's cost of building three queries per request."""
    quote = connection.ops.quote_name
    columns = []
    for label, time_field in settings.TALAPKER_CHANGE_LOGS:
        meta = apps.get_model(label)._meta
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        at = quote(meta.get_field(time_field).column)
        for column in (pk, at):
            newest = f"(SELECT {column} FROM {table} ORDER BY {pk} DESC LIMIT 1)"  # noqa: S608
            columns.append(newest)  # (names from the models, no input)
    return f"SELECT {', '.join(columns)}"


def _aware(value: dt.datetime | str) -> dt.datetime:
    """A time as the database returned it (SQLite: text in UTC) as an aware datetime."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"not a time: {value!r}")
        value = parsed
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


@cache
def code_stamp() -> str:
    """A digest of the code that renders the answers: the package's files and the collected
    static files' manifest (pages name static files by their content's hash), with the
    versions of the libraries that shape answers. The same on every server of one release."""
    digest = hashlib.sha256()
    for library in LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}\n".encode())
    files = sorted(
        path
        for path in PACKAGE_DIR.rglob("*")
        if path.suffix in CODE_SUFFIXES
        and "tests" not in path.relative_to(PACKAGE_DIR).parts
        and "__pycache__" not in path.parts
    )
    named = [(path.relative_to(PACKAGE_DIR).as_posix(), path) for path in files]
    named.append(("staticfiles.json", Path(settings.STATIC_ROOT) / "staticfiles.json"))
    for name, path in named:
        if path.is_file():
            digest.update(name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]
