"""Writes to the registers: importing a snapshot."""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import IntegrityError, transaction

from talapker.audit.services import audit_record
from talapker.core.errors import InputError
from talapker.registers import bulk
from talapker.registers.models import RegisterKind, RegisterSnapshot
from talapker.registers.ownership import ownership_rebuild
from talapker.registers.reader import RowStream, duplicate_error
from talapker.registers.selectors import snapshot_current
from talapker.registers.signals import register_imported
from talapker.registers.specs import register_spec


def register_import(kind: str, path: str | Path, *, imported_by: str = "") -> RegisterSnapshot:
    """Replace the register `kind` with the snapshot in the CSV file at `path`.

    The file is checked row by row while it is loaded; the old rows are deleted and the new
    ones inserted in one transaction, with the RegisterSnapshot that records the import, so
    readers see the old snapshot or the new one, never a mix. Any bad row raises InputError
    (file, line, column, reason) and leaves the database exactly as it was.

    Importing the file that the register already holds (same SHA-256) changes nothing and
    returns the current snapshot.
    """
    path = Path(path)
    try:
        spec = register_spec(kind)
    except KeyError as err:
        raise InputError(path, str(err.args[0])) from None
    digest = _sha256(path)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            current = snapshot_current(spec.kind)
            if current is not None and current.sha256 == digest:
                return current
            rows = RowStream(spec, path)
            with _collector_paused():
                row_count = bulk.replace_rows(spec, rows.batches())
            if spec.kind == RegisterKind.FOUNDERS:
                ownership_rebuild()
            snapshot = RegisterSnapshot.objects.create(
                kind=spec.kind,
                file_name=path.name,
                sha256=digest,
                row_count=row_count,
                imported_by=imported_by,
                seconds=round(time.perf_counter() - started, 3),
            )
            register_imported.send(
                sender=RegisterSnapshot, kind=spec.kind, snapshot=snapshot, actor=imported_by
            )
            audit_record(
                "register.imported",
                actor=imported_by or "command line",
                object_type="register",
                object_id=spec.kind,
                data={"file": path.name, "sha256": digest, "rows": row_count},
            )
            return snapshot
    except IntegrityError:
        # The only constraint a parsed row can break is the unique one; the transaction
        # is rolled back by now, and the file is read again to name the lines.
        if spec.unique is None:
            raise
        raise duplicate_error(spec, path) from None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: the import makes millions of short-lived
    tuples, which reference counting frees, and the collector would walk them for nothing
    (it costs a third of the import time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _sha256(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as err:
        raise InputError(path, f"cannot be read: {err.strerror}") from None
