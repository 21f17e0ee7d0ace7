"""Django's file-based cache, culled now and then instead of on every write.

`FileBasedCache.set` lists its whole directory on every call to decide whether to cull; the
throttles write on every API request, so with thousands of clients' counters the listing
would cost more than the request. Culling one write in `CULL_EVERY` keeps the directory
near its `MAX_ENTRIES` at a small fraction of the cost. Writes are atomic (a temporary file
renamed into place), so every worker of the server shares the directory safely.
"""

from __future__ import annotations

import secrets

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 100


class FileCache(FileBasedCache):
    # A private method of Django's, absent from its type stubs.
    def _cull(self) -> None:  # type: ignore[misc]
        if secrets.randbelow(CULL_EVERY) == 0:
            super()._cull()  # type: ignore[misc]
