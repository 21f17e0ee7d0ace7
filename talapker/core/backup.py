"""`talapker backup PATH` and `talapker restore PATH` (docs/runbooks/backup-restore.md).

A backup is one uncompressed tar file (the PostgreSQL dump is compressed already, and so are
most scans):

    database.sqlite3 | database.pgdump   the database (core/backupdb.py)
    files/media/...                      MEDIA_ROOT: the parties' programmes
    files/private/...                    PRIVATE_ROOT: scans, statements, quarantined files,
                                         complaint attachments
    manifest.json                        last: created_at, vendor, applied migrations, and
                                         the SHA-256 and size of every other member

The database is copied first, then the files, so every file a row of the copy names is in
the backup (files are stored before their row is committed and never changed, core/files.py).

A restore reads the whole archive and checks every digest before it changes anything,
refuses a backup of another vendor or of a newer version of the code, and refuses a database
that holds data unless forced. It unpacks the files beside their folders, restores the
database, then swaps the folders in, and migrates a backup of an older version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from talapker.core.backupdb import (
    MEMBER,
    BackupError,
    database_dump,
    database_has_data,
    database_load,
    vendor,
)
from talapker.core.permissions import DIR_MODE, FILE_MODE

__all__ = ["Backup", "BackupError", "Restored", "backup_restore", "backup_write"]

FORMAT = "talapker-backup/1"
MANIFEST = "manifest.json"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    files: int


@dataclass(frozen=True)
class Restored:
    vendor: str
    files: int
    migrated: bool


def file_roots() -> dict[str, Path]:
    """The folders of stored files, by their name in the archive (read at every use: tests
    move them). Files kept in object storage are not among them: the bucket's versioning
    keeps those (docs/runbooks/deployment.md)."""
    roots = {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_ROOT)}
    local = {
        "media": isinstance(storages["default"], FileSystemStorage),
        "private": isinstance(storages["private"], FileSystemStorage),
    }
    return {name: root for name, root in roots.items() if local[name]}


def backup_write(path: Path) -> Backup:
    """Write a consistent backup to `path` (a folder: a new timestamped file in it). Nothing
    is left at `path` if it fails."""
    created = dt.datetime.now(dt.UTC)
    if path.is_dir():
        path = path / f"talapker-{created:%Y%m%dT%H%M%SZ}.tar"
    if path.exists():
        raise BackupError(f"{path} exists; name a new file or a folder")
    if not path.parent.is_dir():
        raise BackupError(f"no folder {path.parent}")
    db_member = MEMBER[vendor()]
    migrations = _applied_migrations()
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".talapker-backup-") as work:
        dump = Path(work) / db_member
        database_dump(dump)
        digests: dict[str, dict[str, Any]] = {}
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as archive:
                _add(archive, dump, db_member, digests)
                for name, root in file_roots().items():
                    for file in _files_under(root):
                        _add(archive, file, f"files/{name}/{file.relative_to(root)}", digests)
                manifest = {
                    "format": FORMAT,
                    "created_at": created.isoformat(),
                    "vendor": vendor(),
                    "database": db_member,
                    "migrations": migrations,
                    "members": digests,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return Backup(path, path.stat().st_size, len(digests) - 1)


def backup_restore(path: Path, *, force: bool = False) -> Restored:
    """Restore the backup at `path` into the configured database and file folders."""
    manifest = backup_check(path)
    if manifest["vendor"] != vendor():
        raise BackupError(
            f"the backup is of a {manifest['vendor']} database; this one is {vendor()}"
        )
    unknown = _unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError(f"the backup is of a newer version (migration {unknown[0]} unknown)")
    if not force and database_has_data():
        raise BackupError("the database holds data; restore over it with --force")
    roots = file_roots()
    staged = {name: root.with_name(f".{root.name}.restoring") for name, root in roots.items()}
    work_dir = Path(settings.HOME)  # beside the database and the folders, not the backup's
    with tempfile.TemporaryDirectory(prefix=".talapker-restore-", dir=work_dir) as work:
        try:
            files = _unpack(path, manifest, Path(work), staged)
            database_load(Path(work) / manifest["database"])
            for name, root in roots.items():
                _swap_in(staged[name], root)
        finally:
            for folder in staged.values():
                shutil.rmtree(folder, ignore_errors=True)
    migrated = _migrate_if_behind()
    return Restored(manifest["vendor"], files, migrated)


def backup_check(path: Path) -> dict[str, Any]:
    """Read the whole archive and return its manifest if every member is whole, as listed."""
    if not path.is_file():
        raise BackupError(f"no backup file {path}")
    seen: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(path, mode="r:") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                handle = archive.extractfile(member)
                assert handle is not None
                if member.name == MANIFEST:
                    manifest = json.loads(handle.read())
                else:
                    seen[member.name] = _digest(handle)
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(f"{path} is not a readable backup: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has no Talapker backup manifest")
    listed: dict[str, dict[str, Any]] = manifest["members"]
    for name in sorted(set(listed) | set(seen)):
        if listed.get(name) != seen.get(name):
            raise BackupError(f"{path} is damaged: {name} does not match the manifest")
    return manifest


def _add(archive: tarfile.TarFile, file: Path, name: str, digests: dict[str, Any]) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = file.stat().st_size, int(file.stat().st_mtime), FILE_MODE
    with file.open("rb") as handle:
        hashing = _Hashing(handle)
        archive.addfile(info, hashing)
    digests[name] = {"sha256": hashing.sha256.hexdigest(), "size": info.size}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), FILE_MODE
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


class _Hashing:
    """A file read by tarfile, hashed as it goes: the digest is of the bytes archived."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.sha256 = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _digest(handle: IO[bytes]) -> dict[str, Any]:
    sha256, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        sha256.update(chunk)
        size += len(chunk)
    return {"sha256": sha256.hexdigest(), "size": size}


def _files_under(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _unpack(path: Path, manifest: dict[str, Any], work: Path, staged: dict[str, Path]) -> int:
    """Unpack the database into `work` and the files into the staged folders."""
    files = 0
    for folder in staged.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(mode=DIR_MODE, parents=True)
    with tarfile.open(path, mode="r:") as archive:
        for member in archive:
            if member.name == manifest["database"]:
                archive.extract(member, work, filter="data")
            elif member.name.startswith("files/"):
                _, name, relative = member.name.split("/", 2)
                if name not in staged:
                    raise BackupError(
                        f"{path}: files of folder {name!r}, which this deployment does not "
                        "keep on its disk (unknown, or in object storage)"
                    )
                member.name = relative
                archive.extract(member, staged[name], filter="data")
                files += 1
    for folder in staged.values():
        for entry in folder.rglob("*"):
            entry.chmod(DIR_MODE if entry.is_dir() else FILE_MODE)
    return files


def _swap_in(staged: Path, root: Path) -> None:
    old = root.with_name(f".{root.name}.replaced")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        root.rename(old)
    staged.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    """The backup's applied migrations that this version of the code does not have."""
    loader = MigrationExecutor(connection).loader
    return [
        f"{app}.{name}"
        for app, names in applied.items()
        if app in loader.migrated_apps
        for name in names
        if (app, name) not in loader.disk_migrations
    ]


def _migrate_if_behind() -> bool:
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True
