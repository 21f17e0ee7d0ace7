"""The lot draw's arithmetic (docs/draw.md): the commitment, the seed's byte encoding, the
hash-based generator and Fisher–Yates. Standard library only, so that docs/verify_draw.py
can repeat it line for line without the platform.

Algorithm "fisher-yates-sha256", version 1. A change to any byte here is a new version: a
published protocol must re-check the same way forever.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

NAME = "fisher-yates-sha256"
VERSION = 1
DOMAIN = b"talapker-draw-v1"
SECRET_BYTES = 32
_WORD = 2**32  # the generator hands out 32-bit unsigned integers


def commitment_of(secret_hex: str) -> str:
    """SHA-256 (hex) of the secret's 32 raw bytes; the secret is written as 64 hex digits."""
    return hashlib.sha256(bytes.fromhex(secret_hex)).hexdigest()


def _field(data: bytes) -> bytes:
    """One part, length-prefixed: its length as 8 bytes big-endian, then the bytes."""
    return len(data).to_bytes(8, "big") + data


def _texts(items: Sequence[str]) -> bytes:
    """A list: its count as 8 bytes big-endian, then each item as a UTF-8 field."""
    return len(items).to_bytes(8, "big") + b"".join(_field(s.encode()) for s in items)


def seed_input(
    election: str, parties: Sequence[str], secret_hex: str, witnesses: Sequence[str]
) -> bytes:
    """The bytes the seed hashes. Every part is length-prefixed and every list counted, so
    no two different sets of inputs give the same bytes."""
    return (
        _field(DOMAIN)
        + _field(election.encode())
        + _texts(parties)
        + _field(bytes.fromhex(secret_hex))
        + _texts(witnesses)
    )


def seed_of(
    election: str, parties: Sequence[str], secret_hex: str, witnesses: Sequence[str]
) -> str:
    """The seed: SHA-256 (hex) of `seed_input`."""
    return hashlib.sha256(seed_input(election, parties, secret_hex, witnesses)).hexdigest()


def words(seed_hex: str) -> Iterator[int]:
    """The generator: blocks SHA-256(seed || counter), the counter 8 bytes big-endian from
    0; each 32-byte block gives eight 32-bit big-endian unsigned integers in turn."""
    seed = bytes.fromhex(seed_hex)
    counter = 0
    while True:
        block = hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        for at in range(0, 32, 4):
            yield int.from_bytes(block[at : at + 4], "big")
        counter += 1


def below(stream: Iterator[int], bound: int) -> int:
    """A uniform integer in [0, bound): words at or above the largest multiple of `bound`
    that fits in 32 bits are rejected (no modulo bias); the first one below it, mod bound."""
    limit = _WORD - _WORD % bound
    for word in stream:
        if word < limit:
            return word % bound
    raise AssertionError("the generator is endless")  # pragma: no cover


def shuffle(items: Sequence[str], seed_hex: str) -> list[str]:
    """Fisher–Yates (Durstenfeld): for i from n-1 down to 1, j = below(i + 1), swap i and j."""
    order = list(items)
    stream = words(seed_hex)
    for i in range(len(order) - 1, 0, -1):
        j = below(stream, i + 1)
        order[i], order[j] = order[j], order[i]
    return order
