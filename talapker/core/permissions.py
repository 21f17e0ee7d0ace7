"""Who may read the data folder: its owner alone.

The folder holds the population register, password hashes, one-time-code keys and the
submitted statements and scans, so it is created 0700 and everything Talapker writes in it
0600 (the entry points set a umask of 0o077; uploads are chmodded by the storage). A folder
from an earlier version, created 0755 with 0644 files, is tightened when it is next opened.

Plain Python, no Django: the settings use it before Django is set up.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

UMASK = 0o077  # new files 0600, new folders 0700
DIR_MODE = 0o700
FILE_MODE = 0o600
OTHERS = 0o077  # the group's and everyone else's bits

# What Talapker keeps in the data folder: only these are tightened, so a folder shared with
# something else (however unwise) keeps the other's files as they are.
OWN_FILES = ("secret_key", "pseudonym_key")
OWN_PREFIXES = ("talapker.sqlite3", "queue.sqlite3")  # with their -wal, -shm, -journal
OWN_TREES = ("private", "media", "static")


def process_protect() -> None:
    """Make every file and folder this process creates private to its owner."""
    os.umask(UMASK)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def is_loose(path: Path) -> bool:
    """Whether someone other than the owner may read, write or enter `path`."""
    return bool(mode_of(path) & OTHERS)


def own_paths(home: Path) -> Iterator[Path]:
    """The data folder and what Talapker keeps in it (trees walked in full), never
    following a symbolic link."""
    yield home
    try:
        entries = sorted(home.iterdir())
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.is_symlink():
            continue
        if entry.name in OWN_FILES or entry.name.startswith(OWN_PREFIXES):
            yield entry
        elif entry.name in OWN_TREES and entry.is_dir():
            yield from tree(entry)


def tree(root: Path) -> Iterator[Path]:
    """`root` and every folder and file under it, never following a symbolic link."""
    yield root
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in sorted(dirs) + sorted(files):
            path = base / name
            if not path.is_symlink():
                yield path


def tighten(path: Path) -> bool:
    """Take the group's and others' rights away from `path`; whether it changed. A path
    this user may not change (another's file) is left as it is for `check --deploy` to
    name, rather than stopping the process."""
    try:
        mode = mode_of(path)
        if not mode & OTHERS:
            return False
        path.chmod(mode & ~OTHERS)
    except OSError:
        return False
    return True


def home_protect(home: Path) -> None:
    """Create the data folder 0700, or tighten an existing one and what Talapker keeps in
    it. The full walk runs only when the folder or one of its top-level entries is loose
    (a folder from an earlier version): a tight folder costs one listing."""
    home.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    top = [home, *(p for p in _top_level(home))]
    if not any(is_loose(p) for p in top):
        return
    for path in own_paths(home):
        tighten(path)


def _top_level(home: Path) -> Iterator[Path]:
    for entry in home.iterdir():
        if entry.is_symlink():
            continue
        if (
            entry.name in OWN_FILES
            or entry.name.startswith(OWN_PREFIXES)
            or entry.name in OWN_TREES
        ):
            yield entry
