"""`talapker check --deploy`: the data folder and its files are the owner's alone.

talapker.W001: the data folder (TALAPKER_HOME) may be read or entered by others.
talapker.W002: a file or folder Talapker keeps (the SQLite database and its -wal/-shm, the
queue file, the secret key, stored uploads, collected static files) may be read by others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from talapker.core.permissions import is_loose, mode_of, own_paths, tree

SHOWN = 10  # loose paths named one by one; the rest are counted in the last warning


@register(Tags.security, deploy=True)
def data_folder_private(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn for the data folder and every kept file that others may read."""
    elsewhere = [Path(settings.PRIVATE_ROOT)]
    for kept in (_sqlite_file(), _queue_file()):
        if kept is not None:
            elsewhere += _with_journals(kept)
    return folder_warnings(Path(settings.HOME), elsewhere)


def folder_warnings(home: Path, elsewhere: Iterable[Path] = ()) -> list[CheckMessage]:
    """The warnings for `home` and what Talapker keeps in it, and for the files and trees
    in `elsewhere` (the database, queue and private files wherever the settings put them)."""
    warnings: list[CheckMessage] = []
    if home.exists() and is_loose(home):
        warnings.append(
            Warning(
                f"The data folder {home} is open to other users (mode {mode_of(home):04o}).",
                hint=f"chmod 700 {home}",
                id="talapker.W001",
            )
        )
    loose = [p for p in _kept(home, elsewhere) if p != home and is_loose(p)]
    for path in loose[:SHOWN]:
        warnings.append(
            Warning(
                f"{path} is readable by other users (mode {mode_of(path):04o}).",
                hint=f"chmod -R go-rwx {home}",
                obj=str(path),
                id="talapker.W002",
            )
        )
    if len(loose) > SHOWN:
        warnings.append(
            Warning(
                f"{len(loose) - SHOWN} more files or folders are readable by other users.",
                hint=f"chmod -R go-rwx {home}",
                id="talapker.W002",
            )
        )
    return warnings


def _kept(home: Path, elsewhere: Iterable[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for paths in (own_paths(home), *(tree(p) if p.is_dir() else iter([p]) for p in elsewhere)):
        for path in paths:
            if path not in seen and path.exists():
                seen.add(path)
                yield path


def _sqlite_file() -> Path | None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3" or str(db["NAME"]).startswith(":memory:"):
        return None
    return Path(db["NAME"])


def _queue_file() -> Path | None:
    filename = getattr(settings, "HUEY", {}).get("filename")
    return Path(filename) if filename else None


def _with_journals(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))]
