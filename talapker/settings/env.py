"""The one place that reads the environment.

Every setting that an operator may change comes from here, with its default and a line of
help, so that `docs/runbooks/configuration.md` and the code cannot drift apart.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from django.core.exceptions import ImproperlyConfigured

from talapker.core.permissions import FILE_MODE, home_protect


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


VARIABLES = (
    Variable(
        "TALAPKER_HOME",
        "",
        "Data directory (database, uploads, secret key). Default: the per-user data folder.",
    ),
    Variable(
        "DATABASE_URL", "", "Database URL; default SQLite at $TALAPKER_HOME/talapker.sqlite3."
    ),
    Variable("TALAPKER_SECRET_KEY", "", "Django secret key; required in production."),
    Variable(
        "TALAPKER_PSEUDONYM_KEY",
        "",
        "Key of the donors' pseudonyms (HMAC); required in production, never to be changed.",
    ),
    Variable(
        "TALAPKER_SIGNING_KEY_FILE",
        "",
        "PEM file of the platform's Ed25519 signing key (audit roots); default "
        "$TALAPKER_HOME/platform-ed25519.pem, made on first need.",
    ),
    Variable("TALAPKER_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names."),
    Variable("TALAPKER_DEBUG", "0", "1 turns on Django's debug pages (never in production)."),
    Variable(
        "TALAPKER_PROXY_COUNT",
        "0",
        "Number of reverse proxies that append to X-Forwarded-For; login lockout counts "
        "failures against the address the nearest one saw (0: the connecting address).",
    ),
    Variable(
        "TALAPKER_LOGIN_LIMIT_ACCOUNT_ADDRESS",
        "5",
        "Failed sign-ins to one account from one address before that pair is blocked.",
    ),
    Variable(
        "TALAPKER_LOGIN_LIMIT_ACCOUNT",
        "10",
        "Failed sign-ins to one account, from any addresses, before the account is blocked.",
    ),
    Variable(
        "TALAPKER_LOGIN_LIMIT_ADDRESS",
        "20",
        "Failed sign-ins from one address, to any accounts, before the address is blocked.",
    ),
    Variable(
        "TALAPKER_LOGIN_COOLOFF_MINUTES",
        "60",
        "How long failed sign-ins are counted (a block ends when they are forgotten).",
    ),
    Variable(
        "TALAPKER_DB_LOCK_WAIT",
        "10",
        "Seconds a database write waits for another's lock (SQLite busy timeout, PostgreSQL "
        "lock_timeout) before the request answers 503 with Retry-After.",
    ),
    Variable(
        "TALAPKER_SQLITE_SYNCHRONOUS",
        "FULL",
        "SQLite's synchronous setting in WAL: FULL syncs the log at every commit, so an "
        "acknowledged write outlives a power cut; NORMAL may lose the last ones.",
    ),
    Variable(
        "TALAPKER_DB_CONN_MAX_AGE",
        "60",
        "Seconds a PostgreSQL connection is kept for the next request of the same server "
        "thread (0: a new connection for every request).",
    ),
    Variable(
        "TALAPKER_QUEUE_URL",
        "",
        "redis://host:6379/0 runs the queue on Redis; "
        "default a SQLite queue file in $TALAPKER_HOME.",
    ),
    Variable(
        "TALAPKER_CACHE_URL",
        "",
        "redis://host:6379/1 keeps the rate-limit counters and cached API answers in Redis; "
        "default files in $TALAPKER_HOME/cache.",
    ),
    Variable(
        "TALAPKER_API_ANON_RATE",
        "6000/hour",
        "Requests an anonymous API client (one address) may send: N/second, minute, hour or day.",
    ),
    Variable(
        "TALAPKER_API_USER_RATE",
        "1000/hour",
        "Requests a signed-in API client (a bank's or filer's account) may send.",
    ),
    Variable(
        "TALAPKER_LOOKUP_RATE",
        "10/minute",
        "Voter-list lookups one client address (one chat on the bot) may make: N/second, "
        "minute, hour or day.",
    ),
    Variable(
        "TALAPKER_LOOKUP_GLOBAL_RATE",
        "1800/minute",
        "Voter-list lookups by everyone together; stops a scan spread over many addresses.",
    ),
    Variable(
        "TALAPKER_BOT_TOKEN",
        "",
        "Shared secret of the chat-bot adapter (X-Talapker-Bot-Token); empty: the bot endpoint "
        "answers 404.",
    ),
    Variable(
        "TALAPKER_PUBLIC_URL",
        "http://127.0.0.1:8000",
        "The platform's public address (scheme and host), for the links in open-data snapshots.",
    ),
    Variable(
        "TALAPKER_OPENDATA_KEEP",
        "7",
        "Open-data snapshots kept per election; older ones are deleted after a new one is written.",
    ),
    Variable(
        "TALAPKER_METRICS_ALLOW",
        "127.0.0.1,::1",
        "Comma-separated addresses or networks (CIDR) allowed to read /metrics; the address "
        "is the client's as the nearest proxy saw it (TALAPKER_PROXY_COUNT).",
    ),
    Variable(
        "TALAPKER_METRICS_TOKEN",
        "",
        "Bearer token that also allows /metrics from any address (Authorization: Bearer …); "
        "empty: addresses only.",
    ),
    Variable(
        "TALAPKER_LOG_FORMAT",
        "text",
        "json writes one JSON object a log line (time, level, logger, message, request_id); "
        "text: plain lines. Long digit runs (PINs, INNs, accounts) are masked in both.",
    ),
    Variable(
        "TALAPKER_S3_BUCKET",
        "",
        "Bucket of S3-compatible object storage for stored files (scans, statements, "
        "complaint attachments under private/, programmes under media/); empty: files in "
        "$TALAPKER_HOME. Keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
    ),
    Variable(
        "TALAPKER_S3_ENDPOINT_URL",
        "",
        "Address of the object storage (https://s3.example.kg for MinIO or Ceph); empty: AWS.",
    ),
    Variable("TALAPKER_S3_REGION", "", "Region of the bucket, if the storage asks for one."),
    Variable(
        "TALAPKER_WHOLE_SET_WORK_MEM",
        "256MB",
        "PostgreSQL work_mem for screening and reconciliation (whole-table statements); "
        "other queries keep the server's setting.",
    ),
)


def get(name: str) -> str:
    """Return the value of a declared variable, or its default."""
    variable = next(v for v in VARIABLES if v.name == name)
    return os.environ.get(name, variable.default)


def home() -> Path:
    """The data directory, created 0700 on first use; an existing one loose to others (from
    an earlier version) is tightened with what Talapker keeps in it (core/permissions.py)."""
    path = Path(get("TALAPKER_HOME") or platformdirs.user_data_dir("talapker"))
    home_protect(path)
    return path


def secret_key() -> str:
    """The configured secret key, or one kept in the data directory for local use."""
    return _kept_secret("TALAPKER_SECRET_KEY", "secret_key")


def pseudonym_key() -> str:
    """The key of the donors' pseudonyms (disclosure/donors.py), or one kept in the data
    directory for local use. It is not the secret key: that one may be rotated, this one
    may not, since every published donor address is made with it."""
    return _kept_secret("TALAPKER_PSEUDONYM_KEY", "pseudonym_key")


def _kept_secret(name: str, file_name: str) -> str:
    configured = get(name)
    if configured:
        return configured
    key_file = home() / file_name
    if not key_file.exists():
        # Created 0600 before the key is written, so it is never readable by others.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def positive_int(name: str) -> int:
    """A declared variable that must be a whole number of at least 1."""
    value = get(name).strip()
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def rate(name: str) -> str:
    """A declared variable that must be a rate as DRF reads it: `6000/hour`."""
    value = get(name).strip()
    number, _, period = value.partition("/")
    if not number.isdigit() or int(number) < 1 or period not in RATE_PERIODS:
        raise ImproperlyConfigured(f"{name} must be a rate such as 6000/hour, not {value!r}")
    return value


def seconds(name: str) -> float:
    """A declared variable that must be a positive number of seconds (decimals allowed)."""
    value = get(name).strip()
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not 0 < number < 3600:
        raise ImproperlyConfigured(f"{name} must be a number of seconds above 0, not {value!r}")
    return number


def flag(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}


def whole_seconds(name: str) -> int:
    """A declared variable that must be a whole number of seconds, 0 allowed."""
    value = get(name).strip()
    if not value.isdigit() or int(value) > 86_400:
        raise ImproperlyConfigured(f"{name} must be whole seconds from 0, not {value!r}")
    return int(value)


def networks(name: str) -> str:
    """A declared variable that must be comma-separated addresses or networks (CIDR)."""
    value = get(name)
    for part in filter(None, (p.strip() for p in value.split(","))):
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list addresses or networks (CIDR), not {part!r}"
            ) from None
    return value


def choice(name: str, allowed: tuple[str, ...]) -> str:
    """A declared variable that must be one of `allowed`."""
    value = get(name).strip().lower()
    if value not in allowed:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value
