"""Stored files that a crash cannot part from their rows.

A file is written under a staged name beside its final one (`statements/.statement.bin.part`
for `statements/statement.bin`), synced to disk, and renamed to its final name only once the
transaction that inserted its row commits (`transaction.on_commit`). So a file under its
final name always has its row. What a crash can leave:

- killed before the commit: a staged file and no row. The sweep (`core/sweep.py`) removes
  it once it is older than the grace period.
- killed between the commit and the rename (a moment): a row and its file still staged.
  Reading the row's file finds the staged one, and the sweep finishes the rename.

A transaction rolled back by an error leaves no file at all: the service that stores files
is decorated with `files_staged`, which removes what it staged and was not committed.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import transaction

log = logging.getLogger(__name__)

STAGED_PREFIX = "."
STAGED_SUFFIX = ".part"

P = ParamSpec("P")
R = TypeVar("R")


def staged_path(final: Path) -> Path:
    """Where a file waits for its transaction: a hidden name in the same folder, so that the
    rename is atomic (same file system)."""
    return final.with_name(f"{STAGED_PREFIX}{final.name}{STAGED_SUFFIX}")


def final_path(staged: Path) -> Path | None:
    """The final name a staged file waits for, or None if `staged` is not a staged name."""
    name = staged.name
    if not (name.startswith(STAGED_PREFIX) and name.endswith(STAGED_SUFFIX)):
        return None
    inner = name[len(STAGED_PREFIX) : -len(STAGED_SUFFIX)]
    return staged.with_name(inner) if inner else None


def publish(staged: Path, final: Path) -> bool:
    """Give a staged file its final name, durably; False if it is no longer there."""
    try:
        os.replace(staged, final)
    except FileNotFoundError:
        return False
    _sync_folder(final.parent)
    return True


class Pending(Protocol):
    """A file stored in a transaction, waiting for its commit."""

    published: bool

    def discard(self) -> None:
        """Remove the file: its transaction was rolled back."""


@dataclass
class _Staged:
    staged: Path
    final: Path
    published: bool = False

    def publish(self) -> None:
        """Run on commit: the row is stored, so the file takes its final name."""
        self.published = publish(self.staged, self.final)
        if not self.published:
            log.error("stored file %s lost before its rename (committed row)", self.final)

    def discard(self) -> None:
        self.staged.unlink(missing_ok=True)


# The files staged by the current call of a `files_staged` service (None outside one).
_staging: contextvars.ContextVar[list[Pending] | None] = contextvars.ContextVar(
    "talapker_files_staged", default=None
)


def track(item: Pending) -> None:
    """Hand a stored file to the `files_staged` service running (if any), which discards it
    should its transaction be rolled back."""
    pending = _staging.get()
    if pending is not None:
        pending.append(item)


def files_staged(service: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service that stores files in a transaction: when it returns or raises,
    every file it staged whose transaction was rolled back is removed. A file whose
    transaction is still open (the service ran inside a caller's) is left to that commit,
    or, if that is rolled back, to the sweep."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        staged: list[Pending] = []
        token = _staging.set(staged)
        failed = True
        try:
            result = service(*args, **kwargs)
            failed = False
            return result
        finally:
            _staging.reset(token)
            _discard_rolled_back(staged, failed)

    return wrapper


def _discard_rolled_back(staged: list[Pending], failed: bool) -> None:
    # Outside any transaction now, a file that was not published will never be: its commit
    # did not happen. Inside one (the caller's), a service that raised rolled back its own
    # savepoint, and with it the rename waiting for the commit.
    ended = not transaction.get_connection().in_atomic_block
    for item in staged:
        if not item.published and (ended or failed):
            try:
                item.discard()
            except Exception:  # the object store unreachable: the sweep removes it later
                log.exception("a stored file of a rolled-back transaction was not removed")


class StagedFileStorage(FileSystemStorage):
    """A file system storage whose files take their final name only when their row is
    committed (see the module docstring). Files are 0600 and folders 0700 (settings
    FILE_UPLOAD_PERMISSIONS and FILE_UPLOAD_DIRECTORY_PERMISSIONS)."""

    def is_name_available(self, name: str, max_length: int | None = None) -> bool:
        # A name waiting for its commit is taken as much as a published one.
        return super().is_name_available(name, max_length=max_length) and not os.path.lexists(
            staged_path(Path(self.path(name)))
        )

    def _save(self, name: str, content: Any) -> str:
        final = Path(self.path(name))
        self._folder(final.parent)
        while True:
            staged = staged_path(final)
            try:
                fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                fd = -1
            if fd >= 0 and not final.exists():
                break
            if fd >= 0:  # published by another transaction meanwhile: not ours to take
                os.close(fd)
                staged.unlink()
            name = self.get_available_name(name)
            final = Path(self.path(name))
        self._write(fd, content)
        if self.file_permissions_mode is not None:
            os.chmod(staged, self.file_permissions_mode)
        item = _Staged(staged, final)
        track(item)
        # Outside a transaction this runs at once: nothing is waiting for a commit.
        transaction.on_commit(item.publish, robust=True)
        return os.path.relpath(final, self.location).replace("\\", "/")

    def _folder(self, folder: Path) -> None:
        mode = self.directory_permissions_mode
        if mode is None:
            folder.mkdir(parents=True, exist_ok=True)
            return
        # mkdir's mode leaves out intermediate folders; create them one by one.
        missing = []
        current = folder
        while not current.exists():
            missing.append(current)
            current = current.parent
        for path in reversed(missing):
            try:
                path.mkdir(mode=mode)
                os.chmod(path, mode)
            except FileExistsError:
                pass

    @staticmethod
    def _write(fd: int, content: Any) -> None:
        with os.fdopen(fd, "wb") as handle:
            for chunk in content.chunks():
                handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
            handle.flush()
            os.fsync(handle.fileno())

    def _readable(self, name: str) -> Path:
        """The file of a stored name: the final one, or the staged one when its committed
        row is read before the rename (in its own transaction, or after a crash)."""
        final = Path(self.path(name))
        if final.exists():
            return final
        staged = staged_path(final)
        return staged if staged.exists() else final

    def _open(self, name: str, mode: str = "rb") -> File:
        return File(open(self._readable(name), mode))

    def size(self, name: str) -> int:
        return self._readable(name).stat().st_size

    def delete(self, name: str) -> None:
        super().delete(name)
        staged_path(Path(self.path(name))).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a crash after it cannot undo it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
