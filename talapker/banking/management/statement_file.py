"""The statement file a command is given: there, and within the size the import accepts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from talapker.banking.statements.checks import DEFAULT_LIMITS


def statement_path(file: str) -> Path:
    """The file as a path, or CommandError naming what is wrong (before anything reads it)."""
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"{file}: no such file")
    size = path.stat().st_size
    if size > DEFAULT_LIMITS.max_bytes:
        raise CommandError(
            f"{path.name}: the file has {size:,} bytes; statements are accepted up to "
            f"{DEFAULT_LIMITS.max_bytes:,} bytes"
        )
    return path
