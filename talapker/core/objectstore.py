"""Stored files in S3-compatible object storage (MinIO, Ceph, a cloud's), when
`TALAPKER_S3_BUCKET` is set (docs/runbooks/deployment.md, section 6).

An object store has no rename, and needs none: a PUT makes an object appear whole or not at
all. What the file system's staging gives (`core/files.py`), a name that no crash can part
from its row, is kept here thus:

- every stored name is new: a random folder goes before the file's name
  (`statements/4f0c…/statement.sta`), so two transactions storing the same file name never
  write the same key, and nothing is ever overwritten;
- a service decorated with `files_staged` deletes the objects it stored when its
  transaction is rolled back;
- what a crash leaves (an object stored, its row never committed) is an object that no row
  names, which the sweep (`core/sweep.py`) removes once it is older than the grace period.

Objects are private (no ACL that reads them without a key), encrypted at rest by the
server, and handed out only through the views that check the reader's role, as before.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from storages.backends.s3 import S3Storage

from talapker.core.files import track

TOKEN_BYTES = 8  # 16 hex digits: a collision would take billions of files in one folder


class PrivateS3Storage(S3Storage):  # type: ignore[misc]
    """S3 storage of the files filers, banks and complainants submitted: never public,
    never overwritten, removed again when the row's transaction is rolled back."""

    def get_default_settings(self) -> dict[str, Any]:
        return super().get_default_settings() | {  # type: ignore[no-any-return]
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
        }

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        folder, base = posixpath.split(name.replace("\\", "/"))
        token = secrets.token_hex(TOKEN_BYTES)
        fresh = posixpath.join(folder, token, base)
        if max_length is not None and len(fresh) > max_length:
            root, ext = posixpath.splitext(base)
            keep = len(root) - (len(fresh) - max_length)
            if keep <= 0:
                raise SuspiciousFileOperation(
                    f"Storage can not find an available filename for {name!r}."
                )
            fresh = posixpath.join(folder, token, root[:keep] + ext)
        return fresh

    def _save(self, name: str, content: Any) -> str:
        stored: str = super()._save(name, content)
        track(_Stored(self, stored))
        return stored

    def objects(self) -> Iterator[tuple[str, float]]:
        """Every object under this storage's location: its stored name and when it was
        written (seconds since the epoch)."""
        prefix = f"{self.location.strip('/')}/" if self.location.strip("/") else ""
        for item in self.bucket.objects.filter(Prefix=prefix):
            modified: dt.datetime = item.last_modified
            yield item.key[len(prefix) :], modified.timestamp()


@dataclass
class _Stored:
    """An object stored in a transaction: kept when it commits, deleted if it does not."""

    storage: PrivateS3Storage
    name: str
    published: bool = False

    def __post_init__(self) -> None:
        # Outside a transaction this runs at once: nothing is waiting for a commit.
        transaction.on_commit(self.publish, robust=True)

    def publish(self) -> None:
        self.published = True

    def discard(self) -> None:
        self.storage.delete(self.name)
