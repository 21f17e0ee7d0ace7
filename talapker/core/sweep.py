"""The sweep of stored files: what a crash left behind (see `core/files.py`).

Every file field whose storage stages its files (`StagedFileStorage`) names the files that
rows reference. Under each such storage's folder, the sweep
- finishes the rename of a staged file whose row is committed (killed between the commit
  and the rename);
- removes a staged file that no row references (killed before the commit, or rolled back
  inside a caller's transaction), and a file under its final name that no row references;
- leaves alone anything younger than the grace period: its transaction may still be open.

In S3-compatible storage (`core/objectstore.py`) nothing is staged: the sweep removes the
objects older than the grace period that no row references.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import models

from talapker.core.files import StagedFileStorage, final_path, publish
from talapker.core.objectstore import PrivateS3Storage

GRACE = dt.timedelta(hours=1)  # longer than any import or filing transaction takes


@dataclass
class Swept:
    """What a sweep did, as paths relative to their storage's folder."""

    published: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_young: int = 0


def files_sweep(grace: dt.timedelta = GRACE, *, dry_run: bool = False) -> Swept:
    """Publish committed staged files and remove unreferenced ones older than `grace`
    (see the module docstring); with `dry_run`, only report what it would do."""
    swept = Swept()
    folders, buckets = _storages()
    for root, fields in folders.items():
        # The folder is listed before the references are read: a file committed in between
        # is then either listed under its staged name and referenced, or young; never taken
        # for an orphan.
        files = _listing(root)
        referenced = _referenced(fields)
        cutoff = time.time() - grace.total_seconds()
        for path, mtime in files:
            _sweep_one(root, path, mtime, cutoff, referenced, swept, dry_run)
    for storage, fields in buckets.values():
        objects = list(storage.objects())  # listed first, as the folders are
        referenced = _referenced(fields)
        cutoff = time.time() - grace.total_seconds()
        for name, mtime in objects:
            if name in referenced:
                continue
            if mtime > cutoff:
                swept.kept_young += 1
                continue
            if not dry_run:
                storage.delete(name)
            swept.removed.append(name)
    return swept


def _sweep_one(
    root: Path,
    path: Path,
    mtime: float,
    cutoff: float,
    referenced: set[str],
    swept: Swept,
    dry_run: bool,
) -> None:
    final = final_path(path)
    if final is not None and _relative(root, final) in referenced:
        if not final.exists():
            if dry_run or publish(path, final):
                swept.published.append(_relative(root, final))
            return
    elif final is None and _relative(root, path) in referenced:
        return
    if mtime > cutoff:
        swept.kept_young += 1
        return
    if not dry_run:
        path.unlink(missing_ok=True)
    swept.removed.append(_relative(root, path))


Fields = list[tuple[type[models.Model], str]]


def _storages() -> tuple[
    dict[Path, Fields], dict[tuple[str, str], tuple[PrivateS3Storage, Fields]]
]:
    """Each staging storage's folder and each private bucket (with its location), with the
    model fields that store files there."""
    folders: dict[Path, Fields] = defaultdict(list)
    buckets: dict[tuple[str, str], tuple[PrivateS3Storage, Fields]] = {}
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if not isinstance(f, models.FileField):
                continue
            if isinstance(f.storage, StagedFileStorage):
                folders[Path(f.storage.location)].append((model, f.name))
            elif isinstance(f.storage, PrivateS3Storage):
                key = (f.storage.bucket_name, f.storage.location)
                buckets.setdefault(key, (f.storage, []))[1].append((model, f.name))
    return folders, buckets


def _listing(root: Path) -> list[tuple[Path, float]]:
    if not root.is_dir():
        return []
    return [
        (path, path.lstat().st_mtime)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def _referenced(fields: Fields) -> set[str]:
    names: set[str] = set()
    for model, name in fields:
        names.update(
            model._default_manager.exclude(**{name: ""})
            .values_list(name, flat=True)
            .iterator(chunk_size=10_000)
        )
    return names


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
