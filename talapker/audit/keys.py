"""The platform's Ed25519 signing key: it signs the audit log's daily roots (and, later, the
ballot-draw protocol), and its public half is published so that anyone can check them.

The key is a PEM file (PKCS#8, unencrypted): the one `TALAPKER_SIGNING_KEY_FILE` names, or
`platform-ed25519.pem` in the data directory, made 0600 on first need, as the secret key and
the pseudonym key are kept (settings/env.py). Its fingerprint is the SHA-256 of the raw
32-byte public key, in hex: what a root names as the key that signed it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from talapker.core.permissions import FILE_MODE

KEY_FILE_NAME = "platform-ed25519.pem"


def key_path() -> Path:
    """Where the private key is read from."""
    configured = getattr(settings, "TALAPKER_SIGNING_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.HOME) / KEY_FILE_NAME


def _create(path: Path) -> None:
    """A new key, written 0600 to a file beside the target and linked into place: two
    processes that make one at once keep the same key (the second link fails)."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".signing-")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


@cache
def _private_key(path: Path, identity: tuple[int, int, int]) -> Ed25519PrivateKey:
    """The key in the file, read once per version of the file (`identity`: its device,
    inode and modification time), so that every process signs with a rotated key at once."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def private_key() -> Ed25519PrivateKey:
    path = key_path()
    if not path.exists():
        if getattr(settings, "TALAPKER_SIGNING_KEY_FILE", ""):
            raise FileNotFoundError(f"TALAPKER_SIGNING_KEY_FILE names no file: {path}")
        _create(path)
    found = path.stat()
    return _private_key(path, (found.st_dev, found.st_ino, found.st_mtime_ns))


def new_key_file(path: Path) -> tuple[Path, bytes]:
    """A new key written 0600 beside `path` under a temporary name (synced): the file to
    move into place, and the new key's raw public bytes."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".signing-new-")
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return Path(temporary), raw


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def sign(data: bytes) -> bytes:
    """The platform's Ed25519 signature of the bytes (64 bytes)."""
    return private_key().sign(data)


def public_key_pem() -> str:
    """The public key as PEM (SubjectPublicKeyInfo), as published."""
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def public_key_raw() -> bytes:
    """The 32 bytes of the public key (RFC 8032)."""
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(raw: bytes | None = None) -> str:
    """SHA-256 of the raw public key, hex: the key's name in every signed root."""
    return hashlib.sha256(public_key_raw() if raw is None else raw).hexdigest()


def verify(signature: bytes, data: bytes, raw: bytes | None = None) -> bool:
    """Whether the signature of the data is the platform's (or the raw key's)."""
    key = public_key() if raw is None else Ed25519PublicKey.from_public_bytes(raw)
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
