"""The caches' and counters' configuration, read by the settings (nothing here touches
Django at import).

Both must be shared by every worker of the server: counted per process, the rate limits
would be multiplied by the number of workers, so Django's default cache, a per-process
memory, is never used. By default the caches are files in the data directory
(core/http/filecache.py) and the rate-limit counters a SQLite file beside them
(core/http/counters.py); `TALAPKER_CACHE_URL=redis://…` moves both to Redis (which needs the
`redis` package installed, as the Redis queue does).

- `default`: whatever else wants a cache (and the counters, on Redis).
- `responses`: anonymous API answers, by ETag (core/http/responses.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# How many entries each file cache keeps before culling a third of them.
MAX_ENTRIES = {"default": 20_000, "responses": 5_000}


def _is_redis(url: str) -> bool:
    if url and not url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"TALAPKER_CACHE_URL must be a redis:// URL, not {url!r}")
    return bool(url)


def counters_setting(home: Path, url: str) -> str:
    """`TALAPKER_COUNTERS`: the counters' SQLite file, or "cache" for the Redis cache."""
    return "cache" if _is_redis(url) else str(home / "cache" / "counters.sqlite3")


def cache_settings(home: Path, url: str) -> dict[str, dict[str, Any]]:
    """Django's CACHES for the data directory `home` and the configured cache URL."""
    if _is_redis(url):
        return {
            name: {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"talapker-{name}",
            }
            for name in MAX_ENTRIES
        }
    return {
        name: {
            "BACKEND": "talapker.core.http.filecache.FileCache",
            "LOCATION": str(home / "cache" / name),
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
        for name, entries in MAX_ENTRIES.items()
    }
