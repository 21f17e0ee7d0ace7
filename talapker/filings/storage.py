"""Where submitted files are kept: never where a static-file route serves them. Pages hand
such files out only through views that check the reader's role, and only as attachments.

`private_storage` is the backend that settings.STORAGES["private"] names, looked up at every
use (tests and deployments change it):
- by default `PrivateFileSystemStorage`, under PRIVATE_ROOT, outside MEDIA_ROOT; a file
  takes its final name only when its row is committed (`core/files.py`), so a crash leaves
  no file without a row;
- with `TALAPKER_S3_BUCKET`, `core.objectstore.PrivateS3Storage`: private objects in
  S3-compatible storage.
"""

from __future__ import annotations

import os
from typing import Any, cast

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject

from talapker.core.files import StagedFileStorage


@deconstructible(path="talapker.filings.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(StagedFileStorage):
    """File storage rooted at settings.PRIVATE_ROOT, read at every use (tests move it)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


class PrivateStorage(LazyObject):
    """The backend of STORAGES["private"], found again at every use. Migrations name this
    class, so moving the files elsewhere is a setting, not a migration."""

    @property
    def _wrapped(self) -> Any:  # type: ignore[override]
        return storages["private"]

    @_wrapped.setter
    def _wrapped(self, value: Any) -> None:
        pass  # LazyObject's own bookkeeping; the backend is always the one settings name

    def _setup(self) -> None:
        pass

    def deconstruct(self) -> tuple[str, tuple[()], dict[str, Any]]:
        return ("talapker.filings.storage.PrivateStorage", (), {})

    # Copies and pickles stay proxies (LazyObject's would copy the backend of the moment).
    def __copy__(self) -> PrivateStorage:
        return PrivateStorage()

    def __deepcopy__(self, memo: dict[int, Any]) -> PrivateStorage:
        return PrivateStorage()

    def __reduce__(self) -> tuple[type[PrivateStorage], tuple[()]]:  # type: ignore[override]
        return (PrivateStorage, ())


# A Storage to every caller (LazyObject hands on its backend's class, so isinstance agrees).
private_storage = cast(Storage, PrivateStorage())
