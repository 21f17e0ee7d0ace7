"""Open-data snapshots: every public table of an election written at one moment, with its
`datapackage.json` and `SHA256SUMS`, into `<root>/<election>/<UTC time>/`.

A snapshot is written into a hidden folder beside the others (`.partial-…`) and renamed into
place when it is complete, so a half-written one is never listed or served; the rename is
atomic on one file system. Only the newest `keep` snapshots of an election are kept. Each
snapshot written is an audit event (`opendata.snapshot`) naming its files' SHA-256.

What may be served from a snapshot is what its SHA256SUMS names, nothing else: a name from a
URL is looked up in that list, never joined to a path as it is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone, translation

from talapker.audit.services import audit_record
from talapker.core.api.tabular import Kind
from talapker.elections.models import Election
from talapker.opendata.columns import Column, columns_of
from talapker.opendata.package import TableWritten, datapackage
from talapker.opendata.reading import ListRead, list_read
from talapker.opendata.tables import TABLES, Reader, Table, table_get
from talapker.opendata.writing import Written, table_write, written

STAMP = "%Y%m%dT%H%M%SZ"
STAMP_SHAPE = re.compile(r"\d{8}T\d{6}Z")
ELECTION_SHAPE = re.compile(r"[A-Za-z0-9_-]+")
SUMS = "SHA256SUMS"
PACKAGE = "datapackage.json"
_SUMS_LINE = re.compile(r"([0-9a-f]{64})  ([A-Za-z0-9_.-]+)")


def opendata_root() -> Path:
    return Path(settings.OPENDATA_ROOT)


class _ApiReader(Reader):
    def values(self, table: str, column: str, election: Election) -> list[Any]:
        found = []
        for read, _arguments in _reads(table_get(table), election, self):
            header = [name for name, _field in read.columns()]
            index = header.index(column)
            found += [row[index] for row in read.rows(header)]
        return found


def _reads(
    table: Table, election: Election, reader: Reader
) -> Iterator[tuple[ListRead, dict[str, str]]]:
    for arguments in table.scope(election, reader):
        read = list_read(table.url_name, arguments)
        if table.narrow is not None:
            read.queryset = table.narrow(read.queryset, election)
        yield read, arguments


def _added(table: Table) -> list[Column]:
    return [Column(a.name, Kind.STRING, pa.string(), a.description) for a in table.added]


def table_columns(table: Table) -> list[Column]:
    """The table's columns, without reading any list (for the standard and the page)."""
    return _added(table) + columns_of(_bare_serializer(table))


def _table(folder: Path, table: Table, election: Election) -> TableWritten:
    reads = list(_reads(table, election, _ApiReader()))
    serializer = reads[0][0].serializer if reads else _bare_serializer(table)
    own = columns_of(serializer)
    added = _added(table)
    header = [c.name for c in own]

    def rows() -> Iterator[list[Any]]:
        for read, arguments in reads:
            extra = [arguments[a.argument] for a in table.added]
            for row in read.rows(header):
                yield extra + row

    count, csv_file, parquet_file = table_write(folder, table.name, added + own, rows())
    return TableWritten(table, added + own, count, csv_file, parquet_file)


def _bare_serializer(table: Table) -> Any:
    """The list's serializer when there is no list to read (no party, so no candidates):
    the table still has its columns."""
    for arguments in (
        {},
        {"election": "e"},
        {"election": "e", "party": "p"},
        {"election": "e", "fund": "f"},
    ):
        try:
            view = resolve(reverse(table.url_name, kwargs=arguments)).func.cls  # type: ignore[attr-defined]
        except NoReverseMatch:
            continue
        return view.serializer_class(context={})
    raise LookupError(table.url_name)


@dataclass(frozen=True)
class Snapshot:
    """A published snapshot: its folder, when it was made and its files (from SHA256SUMS)."""

    election: str
    stamp: str
    path: Path
    files: tuple[Written, ...]

    @property
    def created(self) -> datetime:
        return datetime.strptime(self.stamp, STAMP).replace(tzinfo=UTC)

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    def file(self, name: str) -> Path | None:
        """The path of a file the snapshot lists, or None: the name is looked up, never
        joined to the folder as it came. SHA256SUMS itself is one too."""
        if name == SUMS:
            return self.path / SUMS
        for listed in self.files:
            if listed.name == name:
                return self.path / listed.name
        return None


def snapshot_write(
    election: Election,
    root: Path | None = None,
    *,
    actor: str,
    now: datetime | None = None,
    keep: int | None = None,
) -> tuple[Snapshot, list[TableWritten]]:
    """Write a snapshot of every public table of the election; publish it by renaming it into
    place, record it in the audit log and remove the election's snapshots beyond `keep`."""
    root = root or opendata_root()
    moment = (now or timezone.now()).astimezone(UTC).replace(microsecond=0)
    stamp = moment.strftime(STAMP)
    home = root / election.code
    home.mkdir(parents=True, exist_ok=True)
    partial = home / f".partial-{stamp}-{os.getpid()}"
    final = home / stamp
    if final.exists():
        raise FileExistsError(f"a snapshot {final} exists already")
    partial.mkdir()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            done = [_table(partial, table, election) for table in TABLES]
            package = datapackage(election, moment, done, settings.OPENDATA_PUBLIC_URL)
        (partial / PACKAGE).write_text(
            json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        files = [f for d in done for f in (d.csv, d.parquet)] + [written(partial / PACKAGE)]
        (partial / SUMS).write_text(
            "".join(f"{f.sha256}  {f.name}\n" for f in files), encoding="utf-8"
        )
        with transaction.atomic():
            audit_record(
                "opendata.snapshot",
                actor=actor,
                object_type="election",
                object_id=election.code,
                data={
                    "snapshot": stamp,
                    "rows": {d.table.name: d.rows for d in done},
                    "sha256": {f.name: f.sha256 for f in files},
                },
            )
            partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    snapshots_prune(election.code, root, keep if keep is not None else settings.OPENDATA_KEEP)
    return _snapshot(election.code, final), done


def _snapshot(election: str, folder: Path) -> Snapshot:
    files = []
    for line in (folder / SUMS).read_text(encoding="utf-8").splitlines():
        match = _SUMS_LINE.fullmatch(line)
        if match and (folder / match[2]).is_file():
            files.append(Written(match[2], (folder / match[2]).stat().st_size, match[1]))
    return Snapshot(election, folder.name, folder, tuple(files))


def snapshots_list(election: str, root: Path | None = None) -> list[Snapshot]:
    """The election's published snapshots, newest first (a partial one is not listed)."""
    home = (root or opendata_root()) / election
    if not ELECTION_SHAPE.fullmatch(election) or not home.is_dir():
        return []
    found = [
        _snapshot(election, folder)
        for folder in home.iterdir()
        if STAMP_SHAPE.fullmatch(folder.name) and (folder / SUMS).is_file()
    ]
    return sorted(found, key=lambda s: s.stamp, reverse=True)


def snapshot_get(election: str, stamp: str, root: Path | None = None) -> Snapshot | None:
    return next((s for s in snapshots_list(election, root) if s.stamp == stamp), None)


def snapshots_prune(election: str, root: Path, keep: int) -> list[str]:
    """Remove the election's snapshots beyond the newest `keep`, and partial folders left
    by a crash (older than an hour); return the removed folders' names."""
    removed = []
    for old in snapshots_list(election, root)[max(keep, 1) :]:
        shutil.rmtree(old.path)
        removed.append(old.stamp)
    for partial in (root / election).glob(".partial-*"):
        age = timezone.now().timestamp() - partial.stat().st_mtime
        if age > 3600:
            shutil.rmtree(partial, ignore_errors=True)
            removed.append(partial.name)
    return removed
