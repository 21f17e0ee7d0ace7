"""Where submitted files are kept: under PRIVATE_ROOT, outside MEDIA_ROOT, so nothing a filer
or a bank uploaded is ever served by a static-file route. Pages hand such files out only
through views that check the reader's role, and only as attachments. A file takes its final
name only when its row is committed (`core/files.py`), so a crash leaves no file without a row.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.deconstruct import deconstructible

from talapker.core.files import StagedFileStorage


@deconstructible(path="talapker.filings.storage.PrivateStorage")
class PrivateStorage(StagedFileStorage):
    """File storage rooted at settings.PRIVATE_ROOT, read at every use (tests move it)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


private_storage = PrivateStorage()
